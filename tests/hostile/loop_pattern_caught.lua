-- expect: limit instructions
local s = string.rep("a", 3000)
while true do pcall(string.find, s, ".-.-.-.-.-.-b") end

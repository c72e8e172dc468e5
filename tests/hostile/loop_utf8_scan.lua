-- expect: limit instructions
local s = string.rep("a", 4000000)
while true do utf8.len(s) end

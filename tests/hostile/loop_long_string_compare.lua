-- expect: limit instructions
local a, b = string.rep("x", 4000000), string.rep("x", 4000000)
while true do local _ = (a == b) end

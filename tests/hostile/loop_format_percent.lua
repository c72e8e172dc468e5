-- expect: limit instructions
local fmt = string.rep("%%", 1000000)
while true do local _ = string.format(fmt) end

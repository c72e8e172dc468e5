-- expect: limit instructions
-- Each %f conversion is a printf in C.
local args = {}
for i = 1, 200 do args[i] = i / 3 end
local fmt = string.rep("%5.2f", 200)
while true do local _ = string.format(fmt, table.unpack(args)) end

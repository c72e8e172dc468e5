-- expect: limit instructions
local t = {}
for i = 1, 150000 do t[i] = i end
while true do local _ = table.unpack(t) end

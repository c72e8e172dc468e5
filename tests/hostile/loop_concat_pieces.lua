-- expect: limit instructions
local t = {}
for i = 1, 1000000 do t[i] = "a" end
while true do local _ = table.concat(t) end

-- expect: limit instructions
local t = {}
for i = 1, 100000 do t[i] = i end
while true do local _ = json.encode(t) end

-- expect: limit instructions
local t = {}
for i = 1, 100000 do t[i] = i * 1.5 end
local text = json.encode(t)
while true do local _ = json.decode(text) end

-- expect: limit instructions
local keep = {}
for i = 1, 200000 do keep[i] = { i } end
while true do collectgarbage() end

-- expect: limit instructions
local keep = {}
for i = 1, 1e12 do keep[i % 1000] = "k" .. i .. (i / 7) end

-- expect: limit instructions
-- Allocating (and later collecting) tables costs far more than the one instruction that asks for them.
local keep = {}
for i = 1, 1e12 do keep[i % 1000] = {} end

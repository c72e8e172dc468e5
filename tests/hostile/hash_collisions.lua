-- expect: error share one hash slot
-- Integer keys chosen so that key * 2^64/phi has the same top bits: Lua hashes them to one
-- slot at every table size. The 1025th key on one chain is refused.
local C = 0x9E3779B97F4A7C15
local inv = C  -- Newton's iteration for the inverse of C modulo 2^64
for _ = 1, 6 do inv = inv * (2 - C * inv) end
assert(inv * C == 1)
local t = {}
for i = 1, 100000 do t[inv * i] = true end

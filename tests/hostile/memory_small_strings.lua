-- expect: limit memory
-- Many small interned strings in one big table: the memory cap, reached in well under a second.
local h = {}
for i = 1, 1e9 do h["X-" .. i] = string.rep("v", 10) end

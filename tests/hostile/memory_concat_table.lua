-- expect: limit string_size
local parts = {}
for i = 1, 100 do parts[i] = string.rep("z", 1000000) end
print(#table.concat(parts))

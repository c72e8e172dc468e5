-- expect: limit string_size: table.concat would build a string
local parts = {}
for i = 1, 9 do parts[i] = string.rep("z", 1000000) end
print(#table.concat(parts))

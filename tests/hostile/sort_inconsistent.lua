-- expect: error invalid order function for sorting
local t = {}
for i = 1, 200 do t[i] = i end
table.sort(t, function(a, b) return true end)

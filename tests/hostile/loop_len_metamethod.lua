-- expect: limit instructions
local t = setmetatable({}, { __len = function() return 1e12 end })
table.insert(t, 1, "x")

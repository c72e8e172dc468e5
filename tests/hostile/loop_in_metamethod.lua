-- expect: limit instructions
local t = setmetatable({}, { __index = function(t, k) while true do end end })
print(t.anything)

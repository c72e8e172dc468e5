-- expect: error attempt to call a nil value (field 'dump')
local bytes = string.dump(function() end)

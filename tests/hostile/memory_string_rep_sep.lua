-- expect: limit string_size
local s = ("x"):rep(1e8, ",")

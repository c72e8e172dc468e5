-- expect: limit string_size: string.rep would build a string of 1000000000 bytes
local s = string.rep("x", 1e9)

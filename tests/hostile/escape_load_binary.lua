-- expect: error attempt to load a binary chunk
local chunk = "\27Lua\84\0\25\147\13\10\26\10"
assert(load(chunk))

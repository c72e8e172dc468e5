-- expect: error attempt to index a nil value (global 'io')
local f = io.open("/etc/passwd")

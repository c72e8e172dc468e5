-- expect: limit log_output
local line = string.rep("p", 10000)
while true do print(line) end

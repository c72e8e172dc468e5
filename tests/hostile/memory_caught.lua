-- expect: limit memory
local t = {}
while true do pcall(function() t[#t + 1] = string.rep("y", 1000) .. #t end) end

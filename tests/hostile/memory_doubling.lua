-- expect: limit memory
local s = "x"
local keep = {}
while true do s = s .. s; keep[#keep + 1] = s end

-- expect: limit instructions
-- utf8.char encodes each argument in C: charged per argument.
local cps = {}
for i = 1, 200 do cps[i] = 0x4e00 + i end
while true do local _ = utf8.char(table.unpack(cps)) end

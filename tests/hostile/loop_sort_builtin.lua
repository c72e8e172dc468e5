-- expect: limit instructions
-- table.sort without a comparator compares in C: charged n*log2(n) before it starts, and the
-- hook looks at the work as soon as sort returns (not a thousand instructions later).
local t = {}
for i = 1, 300000 do t[i] = (i * 7919) % 300007 end
while true do
  local c = table.move(t, 1, #t, 1, {})
  table.sort(c)
end

-- expect: limit journal: journal limit reached
-- metrics.inc never blocks: the journal limit must be checked on each call, not between slices.
local i = 0
while true do
  i = i + 1
  metrics.inc("m" .. i, 1)
end

-- expect: limit journal: journal limit reached
local i = 0
while true do
  i = i + 1
  trace.state("s" .. i, "open")
end

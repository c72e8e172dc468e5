-- expect: limit instructions
-- task.wait pushes every stored result again (rawgeti loop) on every call
function main(ctx)
  local t = {}
  for i = 1, 150000 do t[i] = i end
  local h = task.spawn(function() return table.unpack(t) end)
  task.wait(h)
  while true do local _ = task.wait(h) end
end

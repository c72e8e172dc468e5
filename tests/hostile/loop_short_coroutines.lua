-- expect: limit instructions
-- many coroutines that each end before one count-hook period: still counted
while true do coroutine.wrap(function() for i = 1, 300 do end end)() end

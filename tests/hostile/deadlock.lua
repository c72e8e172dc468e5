-- expect: error deadlock
local a, b
a = task.spawn(function() time.sleep(0) task.wait(b) end)
b = task.spawn(function() task.wait(a) end)
task.wait(a)

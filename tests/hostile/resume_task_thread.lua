-- expect: error cannot resume a task's own coroutine
local me = coroutine.running()
task.spawn(function() assert(coroutine.resume(me)) end)
time.sleep(1)

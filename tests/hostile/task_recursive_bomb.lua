-- expect: limit tasks
local function grow() task.spawn(grow) task.spawn(grow) time.sleep(1) end
grow()
time.sleep(100)

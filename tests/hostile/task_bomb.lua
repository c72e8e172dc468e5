-- expect: limit tasks: more than 2000 tasks alive at once
while true do task.spawn(function() time.sleep(1) end) end

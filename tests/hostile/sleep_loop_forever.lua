-- expect: limit virtual_time
while true do time.sleep(60) end

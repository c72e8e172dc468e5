-- expect: limit virtual_time
time.sleep(1e300)

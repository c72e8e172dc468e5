-- expect: error time.sleep expects a number of seconds, got NaN
time.sleep(0/0)

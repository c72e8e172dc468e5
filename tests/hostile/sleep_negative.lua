-- expect: error time.sleep expects a number of seconds >= 0, got -5
time.sleep(-5)

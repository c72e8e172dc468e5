-- expect: limit instructions
-- A reader function that never ends: parsing is charged per byte read.
print(load(function() return "a = 1 " end))

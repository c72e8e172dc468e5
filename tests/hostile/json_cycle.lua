-- expect: error nested too deeply
local t = {}
t[1] = t
print(json.encode(t))

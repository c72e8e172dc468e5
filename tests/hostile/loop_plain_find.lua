-- expect: error pattern too complex
local s = string.rep("a", 4000000)
print(string.find(s, string.rep("a", 2000000) .. "b", 1, true))

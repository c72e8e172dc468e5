-- expect: error pattern too complex
local s = string.rep("a", 5000)
print(string.find(s, ".-.-.-.-.-.-.-.-.-.-b"))

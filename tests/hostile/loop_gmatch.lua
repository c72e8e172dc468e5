-- expect: error pattern too complex
for w in string.gmatch(string.rep("a", 100000), "a*a*a*a*a*b") do print(w) end

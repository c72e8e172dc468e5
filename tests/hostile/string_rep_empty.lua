-- expect: completed
print(#string.rep("", 1e15), #string.rep("", 1e15, ""))

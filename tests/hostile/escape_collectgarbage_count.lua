-- expect: error collectgarbage("count") is not available in the sandbox
print(collectgarbage("count"))

-- expect: error __gc is not available in the sandbox
setmetatable({}, { __gc = function() print("finalized") end })

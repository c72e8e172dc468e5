-- expect: error weak tables (__mode) are not available in the sandbox
local cache = setmetatable({}, { __mode = "k" })

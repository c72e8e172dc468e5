-- expect: limit instructions
while true do pcall(function() local function f() return 1 + f() end return f() end) end

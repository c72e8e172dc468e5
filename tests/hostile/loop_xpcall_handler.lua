-- expect: limit instructions
xpcall(error, function() while true do end end)

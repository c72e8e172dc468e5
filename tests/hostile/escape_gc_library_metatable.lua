-- expect: error attempt to index a boolean value
-- json.array's metatable is not locked: give it __gc, then finalizers run with hooks off
function main(ctx)
  local mt = getmetatable(json.array())
  mt.__gc = function() while true do end end
  json.array({})
  collectgarbage()
  print("after collect")
end

-- expect: error attempt to index a boolean value
function main(ctx)
  local res = http.request{ url = "https://echo.mock/uuid", timeout = 2 }
  local mt = getmetatable(res.headers)
  print(type(mt))
  mt.__gc = function() while true do end end
  for i = 1, 3 do local r = http.request{ url = "https://echo.mock/uuid", timeout = 2 }; local _ = r.headers end
  collectgarbage()
  print("after")
end

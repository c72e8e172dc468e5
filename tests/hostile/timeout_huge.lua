-- expect: completed
local res = http.request{ url = "https://echo.mock/get", timeout = 1e308 }
print(res and res.status)

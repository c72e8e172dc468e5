-- expect: completed
-- a deeply nested JSON request body: the echo service parses/copies/dumps it in C++
function main(ctx)
  local n = 1000000
  local body = string.rep("[", n) .. string.rep("]", n)
  local res, err = http.request{ method = "POST", url = "https://echo.mock/echo", body = body, timeout = 5 }
  print(res and res.status, err and err.kind)
end

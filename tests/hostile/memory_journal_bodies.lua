-- expect: limit journal: MB
-- an 8 MB body sent again and again: each copy lands in the host's journal
function main(ctx)
  local req = { method = "POST", url = "https://echo.mock/uuid", body = string.rep("b", 8000000), timeout = 5 }
  for i = 1, 100000 do http.request(req) end
end

-- expect: limit instructions
-- http.request scans the whole url for control characters before failing
function main(ctx)
  local req = { url = "https://echo.mock/" .. string.rep("a", 7000000) .. " " }
  while true do pcall(http.request, req) end
end

-- every request of the playground, then a log line
local res = http.request{ url = "https://echo.mock/echo", timeout = 2 }
log.info("echo", { status = res.status })

-- Playground: try the services described in the brief. Nothing here is graded.
-- Blocking calls (http.request, time.sleep) run in simulated time.

local function get_json(url, headers)
  local res, err = http.request{ method = "GET", url = url, headers = headers, timeout = 3 }
  if err then
    log.warn("request failed", { url = url, kind = err.kind, message = err.message })
    return nil
  end
  log.info("response", { url = url, status = res.status, elapsed = res.elapsed })
  return res
end

function main(ctx)
  -- 1. The echo service sends your request back.
  local res = get_json("https://echo.mock/echo?hello=world")
  if res and res.json then log.info("echo saw", { path = res.json.path }) end

  -- 2. The search API is rate limited: watch X-RateLimit-Remaining, then a 429.
  local key = secrets.get("SEARCH_KEY")
  for i = 1, 7 do
    local r = get_json("https://search.mock/v1/search?q=retry", { ["X-API-Key"] = key })
    if r and r.status == 429 then
      local wait = tonumber(r.headers["Retry-After"]) or 1
      log.info("rate limited, waiting", { seconds = wait })
      time.sleep(wait)
    elseif r then
      log.info("remaining", { remaining = r.headers["X-RateLimit-Remaining"] })
    end
  end

  -- 3. The flaky API: retry with exponential backoff and jitter.
  local delay = 0.2
  for attempt = 1, 5 do
    local r = get_json("https://flaky.mock/v1/quotes/ACME")
    if r and r.status == 200 and r.json then
      log.info("quote", { price = r.json.price, attempt = attempt })
      break
    end
    time.sleep(delay * (0.5 + math.random()))
    delay = math.min(delay * 2, 5)
  end

  -- 4. OAuth: get a token, then call the document API with it.
  local tok, err = http.request{
    method = "POST", url = "https://auth.mock/oauth/token", timeout = 3,
    headers = { ["Content-Type"] = "application/json" },
    json = { grant_type = "client_credentials",
             client_id = secrets.get("DOCS_CLIENT_ID"),
             client_secret = secrets.get("DOCS_CLIENT_SECRET") } }
  if tok and tok.status == 200 then
    local docs = get_json("https://docs.mock/v1/docs",
                          { Authorization = "Bearer " .. tok.json.access_token })
    if docs and docs.json then log.info("documents", { count = #docs.json.docs }) end
  else
    log.error("no token", { status = tok and tok.status, err = err and err.kind })
  end

  log.info("done at", { t = time.now() })
end

-- Naive: only the weather requests (known to hang) get a timeout; maps and payments
-- requests wait as long as the server takes.

local P                   -- ctx.params
local TIMEOUT = 5
local MAX_ATTEMPTS = 3
local BASE, CAP = 0.5, 8  -- backoff: base * 2^(attempt-1), jittered, capped

-- What a failure means (lesson 3, "Classify by recoverability, not by status family").
local function classify(res, err)
  if not res then return "transient" end                  -- timeout, dns, refused, reset
  local s = res.status
  if s < 300 then return "ok" end
  if s == 403 then return "forbidden" end
  if s == 409 then return "conflict" end
  if s == 429 or s == 529 or (s >= 500 and s <= 504) then return "transient" end
  return "permanent"                                       -- 400, 404, 422, ...
end

-- One request; a failure is logged with its code at once.
local function send(service, req)
  if service == "weather" then req.timeout = TIMEOUT end
  local res, err = http.request(req)
  local class = classify(res, err)
  if class ~= "ok" then
    local level = class == "transient" and log.warn or log.error
    level("request failed", { service = service, class = class,
                              status = res and res.status, error = err and err.kind })
  end
  return res, err, class
end

local function retry_after(res)
  local v = res and tonumber(res.headers["retry-after"])
  return v
end

-- Sends `req` until it succeeds or fails for good, at most MAX_ATTEMPTS times.
local function call(service, req)
  local res, err, class
  for attempt = 1, MAX_ATTEMPTS do
    res, err, class = send(service, req)
    if class ~= "transient" or attempt == MAX_ATTEMPTS then break end
    local backoff = math.min(CAP, BASE * 2 ^ (attempt - 1))
    local wait = backoff / 2 + math.random() * backoff / 2
    time.sleep(math.max(wait, retry_after(res) or 0))
  end
  return res, err, class
end

-- Circuit breaker for the weather service (lesson 3, "Circuit breakers") ----------------

local breaker = { state = "closed", failures = 0, opened_at = 0, trial = false }
local THRESHOLD, OPEN_S = 5, 10

local function set_state(state)
  breaker.state = state
  trace.state("weather", state)
  log.info("weather breaker " .. state)
end

-- Whether a call may go out now, and whether it is the trial call of half_open (one at a
-- time).
local function breaker_allows()
  if breaker.state == "open" and time.now() - breaker.opened_at >= OPEN_S then set_state("half_open") end
  if breaker.state == "closed" then return true, false end
  if breaker.state == "half_open" and not breaker.trial then
    breaker.trial = true
    return true, true
  end
  return false, false
end

local function breaker_record(ok, trial)
  if trial then
    breaker.trial = false
    if ok then
      breaker.failures = 0
      set_state("closed")
    else
      breaker.opened_at = time.now()
      set_state("open")
    end
    return
  end
  if ok then
    breaker.failures = 0
  else
    breaker.failures = breaker.failures + 1
    if breaker.state == "closed" and breaker.failures >= THRESHOLD then
      breaker.opened_at = time.now()
      set_state("open")
    end
  end
end

-- Work ---------------------------------------------------------------------------------

local last_forecast = {}  -- city -> { forecast, at }

local function forecast(ctx, item)
  for _ = 1, MAX_ATTEMPTS do
    local allowed, trial = breaker_allows()
    if not allowed then break end
    local res, _, class = send("weather", {
      url = P.weather_url .. "/v1/forecast?city=" .. item.city .. "&request=" .. item.id })
    breaker_record(class == "ok", trial)
    if class == "ok" then
      last_forecast[item.city] = { forecast = res.json, at = time.now() }
      return ctx.done(item, { forecast = res.json })
    end
    if breaker.state ~= "closed" then break end
    time.sleep(BASE + math.random() * BASE)
  end
  local last = last_forecast[item.city]
  ctx.fallback(item, "weather_unavailable", { stale = true, forecast = last and last.forecast,
                                              as_of = last and last.at })
end

local function route(ctx, item)
  local res, err, class = call("maps", {
    url = P.maps_url .. "/v1/route?from=" .. item.from .. "&to=" .. item.to .. "&request=" .. item.id })
  if class == "ok" then return ctx.done(item, { minutes = res.json.minutes }) end
  ctx.dead_letter(item, res and ("http_" .. res.status) or err.kind)
end

local function payment(ctx, item)
  local path = item.kind == "refund" and "/refunds" or "/charges"
  local res, err, class = call("payments", {
    method = "POST", url = P.payments_url .. "/v1/customers/" .. item.customer .. path,
    headers = { ["Idempotency-Key"] = item.id }, json = { order = item.id, amount = item.amount } })
  if class == "ok" then return ctx.done(item, { id = res.json.id }) end
  if class == "forbidden" then return ctx.escalate(item, "refund_not_permitted") end
  if class == "conflict" then
    -- Re-read the order before deciding (lesson 3: do not resend blindly).
    local order = call("payments", { url = P.payments_url .. "/v1/orders/" .. item.id })
    if order and order.status == 200 and order.json.status == "paid" then
      return ctx.done(item, { already = true })
    end
    return ctx.dead_letter(item, "conflict")
  end
  ctx.dead_letter(item, res and ("http_" .. res.status) or err.kind)
end

local HANDLERS = { forecast = forecast, route = route, charge = payment, refund = payment }

function main(ctx)
  P = ctx.params
  trace.state("weather", "closed")
  local running = {}
  for item in ctx.next do
    running[#running + 1] = task.spawn(HANDLERS[item.kind], ctx, item)
  end
  task.all(running)
end

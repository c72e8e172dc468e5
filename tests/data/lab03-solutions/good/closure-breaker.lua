-- A good lab 3 solution, written apart from the reference: a breaker built as a closure,
-- classification as a lookup table, retries by recursion, a breaker that trips after three
-- failures and waits eight seconds before its trial call.

local RETRYABLE = { [429] = true, [500] = true, [502] = true, [503] = true, [504] = true, [529] = true }
local PERMANENT = { [400] = "bad_request", [404] = "not_found", [422] = "unprocessable" }

local function make_breaker(name, threshold, cool_down)
  local state, fails, since, trial_out = "closed", 0, 0, false
  local function go(s)
    state = s
    trace.state(name, s)
  end
  go("closed")
  local b = {}
  function b.try()
    if state == "open" and time.now() - since >= cool_down then go("half_open") end
    if state == "closed" then return "normal" end
    if state == "half_open" and not trial_out then
      trial_out = true
      return "trial"
    end
    return nil
  end
  function b.report(kind, ok)
    if kind == "trial" then
      trial_out = false
      if ok then fails = 0; go("closed") else since = time.now(); go("open") end
      return
    end
    if ok then fails = 0 return end
    fails = fails + 1
    if state == "closed" and fails >= threshold then since = time.now(); go("open") end
  end
  function b.is_closed() return state == "closed" end
  return b
end

local weather = make_breaker("weather", 3, 8)
local cache = {}

local function fetch(req)
  req.timeout = 4
  local res, err = http.request(req)
  if not res then
    log.error("network failure", { url = req.url, error = err.kind })
  elseif res.status >= 400 then
    log.warn("http failure", { url = req.url, status = res.status })
  end
  return res, err
end

local function with_retries(req, attempt)
  attempt = attempt or 1
  local res, err = fetch(req)
  local retry = (not res) or RETRYABLE[res.status]
  if not retry or attempt >= 3 then return res, err end
  local wait = 0.4 * 2 ^ (attempt - 1) * (0.75 + 0.5 * math.random())
  local ra = res and tonumber(res.headers["Retry-After"])
  if ra and ra > wait then wait = ra end
  time.sleep(wait)
  return with_retries(req, attempt + 1)
end

local function do_forecast(ctx, item)
  local url = ctx.params.weather_url .. "/v1/forecast?city=" .. item.city .. "&request=" .. item.id
  for _ = 1, 2 do
    local kind = weather.try()
    if not kind then break end
    local res = fetch({ url = url })
    local ok = res ~= nil and res.status == 200
    weather.report(kind, ok)
    if ok then
      cache[item.city] = res.json
      return ctx.done(item)
    end
    if not weather.is_closed() then break end
    time.sleep(0.3 + 0.3 * math.random())
  end
  ctx.fallback(item, "weather_down", { stale = true, forecast = cache[item.city] })
end

local function do_route(ctx, item)
  local res, err = with_retries({ url = ctx.params.maps_url .. "/v1/route?from=" .. item.from .. "&to=" .. item.to .. "&request=" .. item.id })
  if res and res.status == 200 then return ctx.done(item) end
  ctx.dead_letter(item, res and tostring(res.status) or err.kind)
end

local function do_payment(ctx, item)
  local what = item.kind == "refund" and "refunds" or "charges"
  local res, err = with_retries({ method = "POST",
    url = ctx.params.payments_url .. "/v1/customers/" .. item.customer .. "/" .. what,
    headers = { ["Idempotency-Key"] = item.id }, json = { order = item.id, amount = item.amount } })
  if res and res.status < 300 then return ctx.done(item) end
  if res and res.status == 403 then return ctx.escalate(item, "forbidden") end
  if res and res.status == 409 then
    local state = with_retries({ url = ctx.params.payments_url .. "/v1/orders/" .. item.id })
    if state and state.status == 200 and state.json.status == "paid" then return ctx.done(item) end
  end
  ctx.dead_letter(item, res and (PERMANENT[res.status] or ("status_" .. res.status)) or err.kind)
end

function main(ctx)
  local jobs = {}
  local route_by_kind = { forecast = do_forecast, route = do_route, charge = do_payment, refund = do_payment }
  while true do
    local item = ctx.next()
    if not item then break end
    table.insert(jobs, task.spawn(route_by_kind[item.kind], ctx, item))
  end
  for _, job in ipairs(jobs) do job:wait() end
end

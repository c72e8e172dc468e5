-- A good lab 3 solution, written apart from the reference: one lane (a task with its own
-- queue) per service, each handling its items in order; a breaker as a plain table with a
-- consecutive-failure counter (it reports "half-open" with a hyphen), and a deadline per item.

local lanes = {}

local function lane(handler)
  local l = { queue = {}, finished = false }
  l.task = task.spawn(function()
    while true do
      local item = table.remove(l.queue, 1)
      if item then handler(item)
      elseif l.finished then return
      else time.sleep(0.25) end
    end
  end)
  return l
end

local function report_failure(res, err, what)
  if res then
    log.error(what .. " failed", { status = res.status })
  else
    log.error(what .. " failed", { error = err.kind })
  end
end

local function should_retry(res)
  if not res then return true end
  return res.status == 500 or res.status == 502 or res.status == 503 or res.status == 504 or res.status == 529
end

local function attempt_loop(what, opts)
  local n, res, err = 0
  repeat
    n = n + 1
    opts.timeout = 7
    res, err = http.request(opts)
    if res and res.status < 400 then return res end
    report_failure(res, err, what)
    if not should_retry(res) or n == 3 then break end
    local wait = (0.25 * 2 ^ n) * (0.5 + math.random())
    local ra = res and res.headers["Retry-After"]
    time.sleep(math.max(wait, tonumber(ra or "0") or 0))
  until false
  return res, err
end

local breaker = { state = "closed", in_row = 0, reopen_at = 0 }
local function breaker_to(s)
  breaker.state = s
  trace.state("weather", s)
end

local latest = {}

function main(ctx)
  local P = ctx.params
  breaker_to("closed")

  lanes.forecast = lane(function(item)
    if breaker.state == "open" and time.now() >= breaker.reopen_at then breaker_to("half-open") end
    if breaker.state ~= "open" then
      local res, err = http.request{ url = P.weather_url .. "/v1/forecast?city=" .. item.city .. "&request=" .. item.id,
                                     timeout = 3 }
      if res and res.status == 200 then
        breaker.in_row = 0
        if breaker.state ~= "closed" then breaker_to("closed") end
        latest[item.city] = res.json
        return ctx.done(item)
      end
      report_failure(res, err, "forecast")
      breaker.in_row = breaker.in_row + 1
      if breaker.state == "half-open" or breaker.in_row >= 4 then
        breaker.reopen_at = time.now() + 6
        breaker_to("open")
      end
    end
    ctx.fallback(item, "breaker", { stale = true, forecast = latest[item.city] })
  end)

  lanes.route = lane(function(item)
    local res, err = attempt_loop("route", { url = P.maps_url .. "/v1/route?from=" .. item.from .. "&to=" .. item.to .. "&request=" .. item.id })
    if res and res.status == 200 then ctx.done(item) else ctx.dead_letter(item, res and ("http_" .. res.status) or err.kind) end
  end)

  lanes.payment = lane(function(item)
    local path = "/v1/customers/" .. item.customer .. (item.kind == "refund" and "/refunds" or "/charges")
    local res, err = attempt_loop("payment", { method = "POST", url = P.payments_url .. path,
      headers = { ["Idempotency-Key"] = item.id }, json = { order = item.id, amount = item.amount } })
    if res and res.status < 300 then return ctx.done(item) end
    local status = res and res.status
    if status == 403 then return ctx.escalate(item, "policy") end
    if status == 409 then
      local o = attempt_loop("order lookup", { url = P.payments_url .. "/v1/orders/" .. item.id })
      if o and o.status == 200 and o.json.status == "paid" then return ctx.done(item) end
    end
    ctx.dead_letter(item, status and ("http_" .. status) or err.kind)
  end)

  for item in ctx.next do
    local l = item.kind == "forecast" and lanes.forecast or item.kind == "route" and lanes.route or lanes.payment
    l.queue[#l.queue + 1] = item
  end
  for _, l in pairs(lanes) do l.finished = true end
  for _, l in pairs(lanes) do task.wait(l.task) end
end

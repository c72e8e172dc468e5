-- A good lab 3 solution, written apart from the reference: a fixed pool of workers fed by a
-- queue, a breaker in the lesson's style (failure rate over the last calls, with a minimum
-- number of calls), a while-loop retry with decorrelated jitter, and metrics.

local WORKERS = 16
local queue, closed = {}, false

local Breaker = {}
Breaker.__index = Breaker

function Breaker.new(name)
  local b = setmetatable({ name = name, state = "closed", ring = {}, slot = 0, size = 10, min_calls = 5,
                           rate = 0.5, open_s = 12, opened_at = 0, probing = false }, Breaker)
  trace.state(name, "closed")
  return b
end

function Breaker:set(state)
  self.state = state
  trace.state(self.name, state)
  metrics.inc("breaker." .. self.name .. "." .. state)
end

function Breaker:admit()
  if self.state == "open" and time.now() - self.opened_at >= self.open_s then self:set("half_open") end
  if self.state == "closed" then return true, false end
  if self.state == "half_open" and not self.probing then
    self.probing = true
    return true, true
  end
  return false, false
end

function Breaker:record(failed, probe)
  if probe then
    self.probing = false
    if failed then
      self.opened_at = time.now()
      self:set("open")
    else
      self.ring, self.slot = {}, 0
      self:set("closed")
    end
    return
  end
  if self.state ~= "closed" then return end
  self.slot = self.slot % self.size + 1
  self.ring[self.slot] = failed
  local n, bad = 0, 0
  for _, f in pairs(self.ring) do
    n = n + 1
    if f then bad = bad + 1 end
  end
  -- count the trailing failures too, so that five in a row always trip it
  local streak, i = 0, self.slot
  while self.ring[i] do
    streak = streak + 1
    i = i == 1 and self.size or i - 1
    if streak >= self.size then break end
  end
  if (n >= self.min_calls and bad / n >= self.rate) or streak >= 5 then
    self.opened_at = time.now()
    self:set("open")
  end
end

local weather = Breaker.new("weather")
local last = {}

local function transient(res) return res == nil or res.status == 429 or res.status >= 500 end

local function request(opts)
  opts.timeout = 6
  local res, err = http.request(opts)
  if not res then
    log.warn("call failed", { error = err.kind, url = opts.url })
  elseif res.status >= 400 then
    log[res.status >= 500 and "error" or "warn"]("call failed", { code = res.status, url = opts.url })
  end
  metrics.inc("calls")
  return res, err
end

local function retrying(opts)
  local sleep, attempt = 0.3, 1
  while true do
    local res, err = request(opts)
    if not transient(res) or attempt == 3 then return res, err end
    attempt = attempt + 1
    sleep = math.min(6, 0.3 + math.random() * (sleep * 3 - 0.3))   -- decorrelated jitter
    local ra = res and tonumber(res.headers["retry-after"]) or 0
    time.sleep(math.max(sleep, ra, 0.25))
  end
end

local handlers = {}

function handlers.forecast(ctx, item)
  local ok_now, probe = weather:admit()
  if ok_now then
    local res = request({ url = ctx.params.weather_url .. "/v1/forecast?city=" .. item.city .. "&request=" .. item.id })
    local failed = res == nil or res.status >= 500
    weather:record(failed, probe)
    if not failed and res.status == 200 then
      last[item.city] = res.json
      return ctx.done(item)
    end
  end
  ctx.fallback(item, "stale_forecast", { stale = true, forecast = last[item.city] })
end

function handlers.route(ctx, item)
  local res, err = retrying({ url = ctx.params.maps_url .. "/v1/route?from=" .. item.from .. "&to=" .. item.to .. "&request=" .. item.id })
  if res and res.status == 200 then ctx.done(item) else ctx.dead_letter(item, res and "http_" .. res.status or err.kind) end
end

local function pay(ctx, item)
  local suffix = item.kind == "refund" and "/refunds" or "/charges"
  local res, err = retrying({ method = "POST", url = ctx.params.payments_url .. "/v1/customers/" .. item.customer .. suffix,
                              headers = { ["Idempotency-Key"] = item.id }, json = { order = item.id, amount = item.amount } })
  if res and res.status >= 200 and res.status < 300 then return ctx.done(item) end
  if res and res.status == 403 then return ctx.escalate(item, "needs_supervisor", { status = 403 }) end
  if res and res.status == 409 then
    local order = retrying({ url = ctx.params.payments_url .. "/v1/orders/" .. item.id })
    if order and order.status == 200 and order.json and order.json.status == "paid" then return ctx.done(item) end
  end
  ctx.dead_letter(item, res and "http_" .. res.status or err.kind)
end
handlers.charge, handlers.refund = pay, pay

local function worker(ctx)
  while true do
    local item = table.remove(queue, 1)
    if item then
      handlers[item.kind](ctx, item)
    elseif closed then
      return
    else
      time.sleep(0.5)
    end
  end
end

function main(ctx)
  local pool = {}
  for i = 1, WORKERS do pool[i] = task.spawn(worker, ctx) end
  for item in ctx.next do queue[#queue + 1] = item end
  closed = true
  task.all(pool)
end

-- fails: charged-once, stable-keys
-- Waves of three and a reconciled state machine, but the idempotency key is made fresh for
-- every attempt, so a retry after a lost reply is a second charge.

local P

local function backoff(n) time.sleep(math.min(3, 0.25 * 1.8 ^ n) + 0.1 * math.random()) end

local function try_classify(item)
  local bad = 0
  while bad < 2 do
    local res, err = http.request{ method = "POST", url = P.llm_url .. "/v1/classify", timeout = 8,
      json = { record = item.id, text = item.text } }
    if res and res.status == 200 then return res.json.category end
    if res and res.status == 429 then
      time.sleep(tonumber(res.headers["Retry-After"]) or 2)
    else
      bad = bad + 1
      log.error("classifier", { record = item.id, status = res and res.status, error = err and err.kind })
      backoff(bad)
    end
  end
end

local transitions = {}

transitions.new = function(item, s)
  local c = try_classify(item)
  return { name = "classified", category = c, degraded = not c }
end

transitions.charging = function(item, s)
  while true do
    local res = http.request{ url = P.payments_url .. "/v1/charges?record=" .. item.id, timeout = 8 }
    if res and res.status == 200 then
      local c = res.json.data[1]
      if c then s.name, s.charge = "charged", c.id else s.name = "classified" end
      return s
    end
    backoff(1)
  end
end

transitions.classified = function(item, s)
  s.name = "charging"
  store.put("state:" .. item.id, s)
  for n = 1, 6 do
    local res, err = http.request{ method = "POST", timeout = 8,
      url = P.payments_url .. "/v1/customers/" .. item.customer .. "/charges",
      headers = { ["Idempotency-Key"] = string.format("%08x-%04x", math.random(0, 0x7fffffff), n) }, json = { record = item.id, amount = item.amount } }
    if res and res.status == 201 then s.name, s.charge = "charged", res.json.id return s end
    if res and res.status == 402 then s.name = "declined" return s end
    backoff(n)
  end
  s.name = "failed"
  return s
end

transitions.charged = function(item, s)
  for n = 1, 6 do
    local res = http.request{ method = "POST", url = P.notify_url .. "/v1/notifications", timeout = 8,
      headers = { ["Idempotency-Key"] = "notify:" .. item.id },
      json = { record = item.id, customer = item.customer, charge = s.charge } }
    if res and res.status < 300 then s.name = "notified" return s end
    local ra = res and tonumber(res.headers["Retry-After"])
    if ra then time.sleep(ra) else backoff(n) end
  end
  s.name = "failed"
  return s
end

local function run(ctx, item)
  local key = "state:" .. item.id
  local s = store.get(key) or { name = "new" }
  while transitions[s.name] do
    s = transitions[s.name](item, s)
    store.put(key, s)
  end
  if s.name == "declined" then return ctx.dead_letter(item, "card_declined") end
  if s.name == "failed" then return ctx.dead_letter(item, "gave_up") end
  if s.degraded then return ctx.fallback(item, "llm_outage", { degraded = "classification" }) end
  ctx.done(item, { category = s.category })
end

function main(ctx)
  P = ctx.params
  while true do
    local wave = {}
    for i = 1, 3 do
      local item = (i == 1) and ctx.next() or ctx.poll()
      if not item then break end
      wave[#wave + 1] = task.spawn(run, ctx, item)
    end
    if #wave == 0 then return end
    task.all(wave)
  end
end

-- Six workers share a three-slot semaphore for the classifier (the bulkhead is a counter, not
-- the number of workers). Progress: one store key per invoice and step ("<id>/charge").

local P
local llm_slots = 3

local function acquire()
  while llm_slots == 0 do time.sleep(0.05) end
  llm_slots = llm_slots - 1
end
local function release() llm_slots = llm_slots + 1 end

local function pause(attempt) time.sleep(0.3 * attempt + math.random() * 0.2) end

local function category_of(item)
  local misses = 0
  repeat
    acquire()
    local res, err = http.request{ method = "POST", url = P.llm_url .. "/v1/classify", timeout = 6,
      json = { record = item.id, text = item.text } }
    release()
    if res and res.status == 200 then return res.json.category end
    if res and res.status == 429 then
      time.sleep(tonumber(res.headers["Retry-After"]) or 1)
    else
      misses = misses + 1
      log.warn("classify", { record = item.id, status = res and res.status, error = err and err.kind })
      if misses < 3 then pause(misses) end
    end
  until misses >= 3
  return nil
end

local function post(url, key, body)
  for attempt = 1, 8 do
    local res, err = http.request{ method = "POST", url = url, timeout = 6, headers = { ["Idempotency-Key"] = key }, json = body }
    if res and res.status < 500 and res.status ~= 429 then return res end
    if res and res.headers["Retry-After"] then
      time.sleep(tonumber(res.headers["Retry-After"]))
    else
      pause(attempt)
    end
  end
  return nil
end

local function handle(ctx, item)
  local id = item.id
  local cls = store.get(id .. "/classify")
  if not cls then
    local c = category_of(item)
    cls = { category = c or "unclassified", skipped = c == nil }
    store.put(id .. "/classify", cls)
  end
  local paid = store.get(id .. "/charge")
  if paid == "sending" then
    local res
    repeat
      res = http.request{ url = P.payments_url .. "/v1/charges?record=" .. id, timeout = 6 }
      if not (res and res.status == 200) then pause(1) end
    until res and res.status == 200
    local hit = res.json.data[1]
    paid = hit and { id = hit.id } or nil
    store.put(id .. "/charge", paid or "retry")
  end
  if type(paid) ~= "table" then
    store.put(id .. "/charge", "sending")
    local res = post(P.payments_url .. "/v1/customers/" .. item.customer .. "/charges", "charge-" .. id,
      { record = id, amount = item.amount })
    if not res then return ctx.dead_letter(item, "payments_unavailable") end
    if res.status == 402 then return ctx.dead_letter(item, "card_declined") end
    if res.status ~= 201 then return ctx.dead_letter(item, "charge_http_" .. res.status) end
    paid = { id = res.json.id }
    store.put(id .. "/charge", paid)
  end
  if not store.get(id .. "/notify") then
    local res = post(P.notify_url .. "/v1/notifications", "notify-" .. id, { record = id, customer = item.customer, charge = paid.id })
    if not (res and res.status < 300) then return ctx.dead_letter(item, "notify_unavailable") end
    store.put(id .. "/notify", true)
  end
  if cls.skipped then
    ctx.fallback(item, "classifier_down", { degraded = "classification" })
  else
    ctx.done(item, { category = cls.category })
  end
end

function main(ctx)
  P = ctx.params
  local pool = {}
  for i = 1, 6 do
    pool[i] = task.spawn(function()
      while true do
        local item = ctx.next()
        if not item then return end
        handle(ctx, item)
      end
    end)
  end
  task.all(pool)
end

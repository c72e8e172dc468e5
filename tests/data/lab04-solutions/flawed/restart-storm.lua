-- fails: bulkhead, backoff
-- Checkpoints and reconciles correctly, but after a restart it tries to catch up: every
-- remaining invoice at once, and failures retried immediately (a retry storm).

local P
local WORKERS = 3  -- also the bulkhead: each worker has at most one classifier call open

-- Backoff with jitter: 0.25 s, 0.5 s, 1 s, ... (times 1 to 1.5), never under 0.2 s.
local catching_up = false
local function backoff(attempt)
  if catching_up then return end  -- hurry: no waiting after a restart
  time.sleep(math.min(4, 0.25 * 2 ^ (attempt - 1)) * (1 + 0.5 * math.random()))
end

local function retry_after(res)
  return res and tonumber(res.headers["Retry-After"])
end

-- Optional stage: the category, or nil when the classifier is unavailable (after 2 failures).
local function classify(item)
  local failures = 0
  while true do
    local res, err = http.request{ method = "POST", url = P.llm_url .. "/v1/classify", timeout = 5,
      json = { record = item.id, text = item.text } }
    if res and res.status == 200 and res.json then return res.json.category end
    if res and res.status == 429 then
      time.sleep(retry_after(res) or 1)           -- rate limited: not a failure, just later
    else
      failures = failures + 1
      log.warn("classifier failed", { record = item.id, status = res and res.status, error = err and err.kind })
      if failures >= 2 then return nil end
      backoff(failures)
    end
  end
end

local function charge(item)
  for attempt = 1, 6 do
    local res, err = http.request{ method = "POST", timeout = 5,
      url = P.payments_url .. "/v1/customers/" .. item.customer .. "/charges",
      headers = { ["Idempotency-Key"] = "charge-" .. item.id },    -- the same on every attempt
      json = { record = item.id, amount = item.amount } }
    if res and res.status == 201 then return "charged", res.json.id end
    if res and res.status == 402 then return "declined" end
    if res and res.status < 500 then return "failed", "http_" .. res.status end
    log.warn("charge failed", { record = item.id, status = res and res.status, error = err and err.kind })
    backoff(attempt)
  end
  return "unknown", "retries exhausted"
end

-- After a crash cut a charge off: did it happen? Returns looked_up, charge id (or false).
local function find_charge(item)
  for attempt = 1, 5 do
    local res = http.request{ url = P.payments_url .. "/v1/charges?record=" .. item.id, timeout = 5 }
    if res and res.status == 200 and res.json then
      local found = res.json.data and res.json.data[1]
      return true, found and found.id or false
    end
    backoff(attempt)
  end
  return false
end

local function notify(item, charge_id)
  for attempt = 1, 6 do
    local res, err = http.request{ method = "POST", url = P.notify_url .. "/v1/notifications", timeout = 5,
      headers = { ["Idempotency-Key"] = "notify-" .. item.id },
      json = { record = item.id, customer = item.customer, charge = charge_id } }
    if res and res.status < 300 then return true end
    log.warn("notification failed", { record = item.id, status = res and res.status, error = err and err.kind })
    if retry_after(res) then time.sleep(retry_after(res)) else backoff(attempt) end
  end
  return false
end

local function process(ctx, item)
  local key = "inv:" .. item.id
  local st = store.get(key) or { stage = "new" }
  if item.redelivered then log.info("resuming after a restart", { record = item.id, stage = st.stage }) end
  if st.stage == "new" then
    local category = classify(item)
    st = { stage = "classified", category = category or "unclassified", degraded = category == nil }
    store.put(key, st)
  end
  if st.stage == "charging" then
    -- The crash cut the charge off: its outcome is unknown until we look it up.
    local looked_up, id = find_charge(item)
    if not looked_up then
      return ctx.dead_letter(item, "charge_outcome_unknown", { stage = st.stage })
    end
    st.stage, st.charge = id and "charged" or "classified", id or nil
    store.put(key, st)
  end
  if st.stage == "classified" then
    st.stage = "charging"                          -- intent, not success: reconcile on restart
    store.put(key, st)
    local result, detail = charge(item)
    if result ~= "charged" then
      st.stage = result
      store.put(key, st)
      if result == "declined" then return ctx.dead_letter(item, "card_declined", { status = 402 }) end
      return ctx.dead_letter(item, "charge_" .. result, { detail = detail })
    end
    st.stage, st.charge = "charged", detail
    store.put(key, st)
  end
  if st.stage == "charged" then
    if not notify(item, st.charge) then return ctx.dead_letter(item, "notify_failed", { charge = st.charge }) end
    st.stage = "notified"
    store.put(key, st)
  end
  if st.degraded then
    ctx.fallback(item, "llm_unavailable", { degraded = "classification", charge = st.charge })
  else
    ctx.done(item, { category = st.category, charge = st.charge })
  end
end

function main(ctx)
  P = ctx.params
  if store.get("booted") then
    catching_up = true
    local all = {}
    for item in ctx.next do all[#all + 1] = task.spawn(process, ctx, item) end
    return task.all(all)
  end
  store.put("booted", true)
  local workers = {}
  for w = 1, WORKERS do
    workers[w] = task.spawn(function()
      for item in ctx.next do process(ctx, item) end
    end)
  end
  task.all(workers)
end

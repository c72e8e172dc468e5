-- A dispatcher keeps at most three invoices in progress (one task each), so at most three
-- classifier calls. Every redelivered invoice that is not known to be charged is looked up
-- before any charge (conservative reconciliation). Checkpoint: one record per invoice.

local P

local function wait_before_retry(attempt)
  time.sleep(0.2 + math.random() * 0.25 * 2 ^ attempt)
end

local function request(spec)
  spec.timeout = 4
  local res, err
  for attempt = 1, 7 do
    res, err = http.request(spec)
    if res and (res.status < 500 and res.status ~= 429) then return res end
    local ra = res and tonumber(res.headers["Retry-After"])
    if attempt == 7 then break end
    if ra then time.sleep(ra) else
      log.warn("retrying", { url = spec.url, status = res and res.status, error = err and err.kind })
      wait_before_retry(attempt)
    end
  end
  return res, err
end

local function classify(item)
  local failures, res = 0, nil
  while failures < 2 do
    res = http.request{ method = "POST", url = P.llm_url .. "/v1/classify", timeout = 4,
      json = { record = item.id, text = item.text } }
    if res and res.status == 200 then return res.json.category end
    if res and res.status == 429 then
      time.sleep(tonumber(res.headers["Retry-After"]) or 1)
    else
      failures = failures + 1
      if failures < 2 then wait_before_retry(failures) end
    end
  end
  return nil
end

local function run_item(ctx, item)
  local rec = store.get(item.id) or {}
  if rec.category == nil then
    local c = classify(item)
    rec.category, rec.degraded = c or "none", c == nil
    store.put(item.id, rec)
  end
  if not rec.charge and item.redelivered then
    local res = request{ url = P.payments_url .. "/v1/charges?record=" .. item.id }
    if not (res and res.status == 200) then return ctx.dead_letter(item, "lookup_failed") end
    local existing = res.json.data[1]
    if existing then
      rec.charge = existing.id
      store.put(item.id, rec)
    end
  end
  if not rec.charge then
    local res = request{ method = "POST", url = P.payments_url .. "/v1/customers/" .. item.customer .. "/charges",
      headers = { ["Idempotency-Key"] = "charge-" .. item.id }, json = { record = item.id, amount = item.amount } }
    if not res then return ctx.dead_letter(item, "charge_unreachable") end
    if res.status == 402 then return ctx.dead_letter(item, "card_declined", { status = 402 }) end
    if res.status ~= 201 then return ctx.dead_letter(item, "charge_" .. res.status) end
    rec.charge = res.json.id
    store.put(item.id, rec)
  end
  if not rec.notified then
    local res = request{ method = "POST", url = P.notify_url .. "/v1/notifications",
      headers = { ["Idempotency-Key"] = "notify-" .. item.id },
      json = { record = item.id, customer = item.customer, charge = rec.charge } }
    if not (res and res.status < 300) then return ctx.dead_letter(item, "notify_failed") end
    rec.notified = true
    store.put(item.id, rec)
  end
  if rec.degraded then
    ctx.fallback(item, "no_classification", { degraded = "classification (llm down)" })
  else
    ctx.done(item)
  end
end

function main(ctx)
  P = ctx.params
  local running, all = 0, {}
  for item in ctx.next do
    while running >= 3 do time.sleep(0.05) end
    running = running + 1
    all[#all + 1] = task.spawn(function()
      run_item(ctx, item)
      running = running - 1
    end)
  end
  task.all(all)
end

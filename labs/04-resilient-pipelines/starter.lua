-- Lab 4: a pipeline that survives an outage and a crash.
--
-- This runs, but it is naive: one invoice at a time, no retry, progress kept only in memory
-- (the crash loses it), and nothing happens while the classifier is down. Read brief.md, then
-- make it pass every check.

local P

local function process(ctx, item)
  local res = http.request{ method = "POST", url = P.llm_url .. "/v1/classify", timeout = 5,
    json = { record = item.id, text = item.text } }
  if not (res and res.status == 200) then
    return ctx.dead_letter(item, "classifier_failed")
  end
  res = http.request{ method = "POST", timeout = 5,
    url = P.payments_url .. "/v1/customers/" .. item.customer .. "/charges",
    headers = { ["Idempotency-Key"] = "charge-" .. item.id },
    json = { record = item.id, amount = item.amount } }
  if not (res and res.status == 201) then
    return ctx.dead_letter(item, "charge_failed")
  end
  res = http.request{ method = "POST", url = P.notify_url .. "/v1/notifications", timeout = 5,
    headers = { ["Idempotency-Key"] = "notify-" .. item.id },
    json = { record = item.id, customer = item.customer, charge = res.json.id } }
  if not (res and res.status < 300) then
    return ctx.dead_letter(item, "notify_failed")
  end
  ctx.done(item)
end

function main(ctx)
  P = ctx.params
  for item in ctx.next do process(ctx, item) end
end

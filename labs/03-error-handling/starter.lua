-- Lab 3: classify errors and break the circuit.
--
-- This runs, but it is naive: one item at a time, long timeouts, every error treated alike
-- (no retry at all), no circuit breaker and no fallback. Read brief.md, then make it pass
-- every check.

local P

local function handle(ctx, item)
  local res, err
  if item.kind == "forecast" then
    res, err = http.request{ url = P.weather_url .. "/v1/forecast?city=" .. item.city .. "&request=" .. item.id, timeout = 30 }
  elseif item.kind == "route" then
    res, err = http.request{ url = P.maps_url .. "/v1/route?from=" .. item.from .. "&to=" .. item.to .. "&request=" .. item.id, timeout = 30 }
  else
    local path = item.kind == "refund" and "/refunds" or "/charges"
    res, err = http.request{ method = "POST", url = P.payments_url .. "/v1/customers/" .. item.customer .. path,
      headers = { ["Idempotency-Key"] = item.id }, json = { order = item.id, amount = item.amount }, timeout = 30 }
  end
  if res and res.status < 300 then
    ctx.done(item)
  else
    print("failed", item.id)
    ctx.dead_letter(item, "failed")
  end
end

function main(ctx)
  P = ctx.params
  for item in ctx.next do handle(ctx, item) end
end

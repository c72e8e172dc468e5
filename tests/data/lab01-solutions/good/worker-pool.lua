-- A good lab 1 solution, written apart from the reference: six workers share one queue;
-- a refresh is guarded by a "busy" flag that other workers poll (double-checked after the
-- wait); the margin has a random spread; credentials for analytics are renewed the same way.

local P
local WORKERS = 6
local state = {}          -- "user:<name>" / "analytics" -> { token, expires, busy, refresh, consent_lost }

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return ("%%%02X"):format(c:byte()) end))
end

local function renew(key)
  local s = state[key]
  local sent = time.now()
  local res, err
  if key == "analytics" then
    res, err = http.request{ url = P.metadata_url, headers = { ["Metadata-Flavor"] = "Google" }, timeout = 5 }
  else
    local user = key:sub(6)
    local body = "client_id=" .. urlencode(P.client_id) .. "&client_secret=" .. urlencode(secrets.get("CALENDAR_CLIENT_SECRET"))
    if s.refresh then
      body = "grant_type=refresh_token&refresh_token=" .. urlencode(s.refresh) .. "&" .. body
    else
      body = "grant_type=authorization_code&code=" .. urlencode(secrets.get("CONSENT_CODE_" .. string.upper(user))) .. "&" .. body
    end
    res, err = http.request{ method = "POST", url = P.token_url, body = body, timeout = 5,
      headers = { ["Content-Type"] = "application/x-www-form-urlencoded" } }
  end
  if not res then
    log.warn("renewal failed", { credential = key, error = err.kind })
    return
  end
  if res.status ~= 200 then
    log.warn("renewal refused", { credential = key, status = res.status })
    if res.json and res.json.error == "invalid_grant" then s.consent_lost = true end
    return
  end
  s.token = res.json.access_token
  s.refresh = res.json.refresh_token or s.refresh
  s.expires = sent + res.json.expires_in
end

-- The current token for `key`; `stale` is a token the caller saw refused (renew unless it
-- has been replaced already).
local function token_for(key, stale)
  local s = state[key]
  while s.busy do time.sleep(0.05) end
  if s.consent_lost then return nil end
  local fresh = s.token and time.now() < s.expires - s.margin and s.token ~= stale
  if not fresh then
    s.busy = true
    renew(key)
    s.busy = false
  end
  if s.consent_lost then return nil end
  return s.token
end

local function book(ctx, item)
  local key = "user:" .. item.user
  local function post(tok)
    return http.request{ method = "POST", url = P.calendar_url, timeout = 6,
      headers = { Authorization = "Bearer " .. tok },
      json = { summary = item.summary, start = item.start, request_id = item.id } }
  end
  local tok = token_for(key)
  if not tok then return ctx.escalate(item, "reconsent_needed", { user = item.user }) end
  local res = post(tok)
  if res and res.status == 401 then
    local again = token_for(key, tok)
    if not again then return ctx.escalate(item, "reconsent_needed", { user = item.user }) end
    res = post(again)
  end
  if res and res.status == 201 then ctx.done(item)
  elseif res and res.status == 401 then ctx.escalate(item, "still_unauthorized", { user = item.user })
  else ctx.dead_letter(item, "calendar_error") end
end

local function refund(ctx, item)
  local look = http.request{ url = P.payments_url .. "/v1/charges/" .. item.charge, timeout = 6,
    headers = { Authorization = "Bearer " .. secrets.get("PAYMENTS_READ_KEY") } }
  if not look or look.status ~= 200 then return ctx.dead_letter(item, "lookup_failed") end
  local r = http.request{ method = "POST", url = P.payments_url .. "/v1/refunds", timeout = 6,
    headers = { Authorization = "Bearer " .. secrets.get("PAYMENTS_KEY"), ["Idempotency-Key"] = "refund-" .. item.id },
    json = { charge = item.charge, amount = item.amount } }
  if r and r.status == 201 then ctx.done(item) else ctx.dead_letter(item, "refund_failed") end
end

local function usage(ctx, item)
  local tok = token_for("analytics")
  local r = tok and http.request{ method = "POST", url = P.analytics_url, timeout = 6,
    headers = { Authorization = "Bearer " .. tok }, json = { event = item.id, calls = item.calls } }
  if r and r.status == 202 then ctx.done(item) else ctx.dead_letter(item, "analytics_failed") end
end

local queue, no_more = {}, false

local function worker(ctx)
  while true do
    local item = table.remove(queue, 1)
    if item then
      if item.kind == "refund" then refund(ctx, item)
      elseif item.kind == "meeting" then book(ctx, item)
      else usage(ctx, item) end
    elseif no_more then
      return
    else
      time.sleep(0.5)
    end
  end
end

function main(ctx)
  P = ctx.params
  for _, u in ipairs({ "alice", "bob", "carol" }) do state["user:" .. u] = { expires = 0, margin = 45 + math.random() * 30 } end
  state.analytics = { expires = 0, margin = 20 + math.random() * 10 }
  local pool = {}
  for i = 1, WORKERS do pool[i] = task.spawn(worker, ctx) end
  for item in ctx.next do queue[#queue + 1] = item end
  no_more = true
  task.all(pool)
end

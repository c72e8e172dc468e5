-- A good lab 1 solution, written apart from the reference: credentials are renewed by
-- background tasks (one per user, one for analytics) that wake up before expiry; item tasks
-- never refresh themselves, they only read the current token, and after a 401 they ask the
-- user's refresher for a new one and wait for it (its version number changes).

local P
local TIMEOUT = 5
local users = { alice = {}, bob = {}, carol = {} }
local meta = { version = 0 }

local function form(t)
  local out = {}
  for _, k in ipairs({ "grant_type", "code", "refresh_token", "client_id", "client_secret" }) do
    if t[k] then
      out[#out + 1] = k .. "=" .. tostring(t[k]):gsub("[^%w%-%._~]", function(c) return ("%%%02X"):format(c:byte()) end)
    end
  end
  return table.concat(out, "&")
end

local function oauth(name, u)
  local params = { client_id = P.client_id, client_secret = secrets.get("CALENDAR_CLIENT_SECRET") }
  if u.refresh then
    params.grant_type, params.refresh_token = "refresh_token", u.refresh
  else
    params.grant_type, params.code = "authorization_code", secrets.get("CONSENT_CODE_" .. name:upper())
  end
  local sent = time.now()
  local res, err = http.request{ method = "POST", url = P.token_url, body = form(params), timeout = TIMEOUT,
    headers = { ["Content-Type"] = "application/x-www-form-urlencoded" } }
  if res and res.status == 200 then
    u.access, u.refresh = res.json.access_token, res.json.refresh_token or u.refresh
    u.expires = sent + res.json.expires_in
    u.version = (u.version or 0) + 1
  elseif res and res.status == 400 and res.json and res.json.error == "invalid_grant" then
    u.revoked = true
    log.warn("consent withdrawn", { user = name, status = 400 })
  else
    log.warn("token renewal failed", { user = name, status = res and res.status, error = err and err.kind })
  end
end

local function refresher(name)
  local u = users[name]
  oauth(name, u)
  while not u.revoked do
    if u.kick or time.now() >= (u.expires or 0) - 75 then
      u.kick = false
      oauth(name, u)
    end
    time.sleep(1)
  end
end

local function meta_refresher()
  while true do
    if time.now() >= (meta.expires or 0) - 25 then
      local sent = time.now()
      local res = http.request{ url = P.metadata_url, headers = { ["Metadata-Flavor"] = "Google" }, timeout = TIMEOUT }
      if res and res.status == 200 then
        meta.token, meta.expires, meta.version = res.json.access_token, sent + res.json.expires_in, meta.version + 1
      end
    end
    time.sleep(1)
  end
end

-- Waits until the user's token is newer than `version` (or the user is lost), at most 10 s.
local function await_new(u, version)
  local deadline = time.now() + 10
  while not u.revoked and (u.version or 0) <= version and time.now() < deadline do time.sleep(0.1) end
  return not u.revoked and (u.version or 0) > version
end

local function meeting(ctx, item)
  local u = users[item.user]
  if not u.access and not u.revoked then await_new(u, 0) end
  if u.revoked then return ctx.escalate(item, "consent_required") end
  local function post()
    return http.request{ method = "POST", url = P.calendar_url, timeout = TIMEOUT,
      headers = { Authorization = "Bearer " .. u.access },
      json = { summary = item.summary, start = item.start, request_id = item.id } }
  end
  local seen = u.version
  local res = post()
  if res and res.status == 401 then
    if u.version == seen then u.kick = true end
    if not await_new(u, seen) then return ctx.escalate(item, "consent_required") end
    res = post()
  end
  if res and res.status == 201 then return ctx.done(item) end
  ctx.escalate(item, "calendar_refused")
end

local function refund(ctx, item)
  local charge = http.request{ url = P.payments_url .. "/v1/charges/" .. item.charge, timeout = TIMEOUT,
    headers = { Authorization = "Bearer " .. secrets.get("PAYMENTS_READ_KEY") } }
  if not charge or charge.status ~= 200 then return ctx.dead_letter(item, "no_charge") end
  local res = http.request{ method = "POST", url = P.payments_url .. "/v1/refunds", timeout = TIMEOUT,
    headers = { Authorization = "Bearer " .. secrets.get("PAYMENTS_KEY"), ["Idempotency-Key"] = item.id },
    json = { charge = item.charge, amount = item.amount } }
  if res and res.status == 201 then ctx.done(item) else ctx.dead_letter(item, "refund_failed") end
end

local function usage(ctx, item)
  while not meta.token do time.sleep(0.1) end
  local res = http.request{ method = "POST", url = P.analytics_url, timeout = TIMEOUT,
    headers = { Authorization = "Bearer " .. meta.token }, json = { event = item.id, calls = item.calls } }
  if res and res.status == 202 then ctx.done(item) else ctx.dead_letter(item, "analytics_failed") end
end

function main(ctx)
  P = ctx.params
  for _, name in ipairs({ "alice", "bob", "carol" }) do task.spawn(refresher, name) end
  task.spawn(meta_refresher)
  local work = {}
  for item in ctx.next do
    local fn = item.kind == "refund" and refund or item.kind == "meeting" and meeting or usage
    work[#work + 1] = task.spawn(fn, ctx, item)
  end
  task.all(work)
end

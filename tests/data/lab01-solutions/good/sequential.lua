-- A good lab 1 solution, written apart from the reference: one item at a time (so no two
-- refreshes can ever overlap), credentials behind a small "class" with a refresh callback,
-- a JSON body for the token endpoint, and a 90 s safety margin.

local Credential = {}
Credential.__index = Credential

-- fetch() returns token, lifetime_s or nil, reason; margin in seconds.
function Credential.new(name, fetch, margin)
  return setmetatable({ name = name, fetch = fetch, margin = margin, value = nil, until_t = 0 }, Credential)
end

function Credential:get(force)
  if self.dead then return nil, self.dead end
  if force or not self.value or time.now() >= self.until_t - self.margin then
    local started = time.now()
    local value, life = self.fetch()
    if not value then
      return nil, life
    end
    self.value, self.until_t = value, started + life
  end
  return self.value
end

local P
local grants = {}    -- user -> { refresh = ... }
local creds = {}     -- user -> Credential
local analytics

local function token_call(body)
  body.client_id = P.client_id
  body.client_secret = secrets.get("CALENDAR_CLIENT_SECRET")
  return http.request{ method = "POST", url = P.token_url, json = body, timeout = 8 }
end

local function user_credential(user)
  local cred
  cred = Credential.new(user, function()
    local g = grants[user]
    local res, err
    if g.refresh then
      res, err = token_call({ grant_type = "refresh_token", refresh_token = g.refresh })
    else
      res, err = token_call({ grant_type = "authorization_code", code = secrets.get("CONSENT_CODE_" .. user:upper()) })
    end
    if not res then
      log.warn("token endpoint unreachable", { user = user, error = err.kind })
      return nil, "network"
    end
    if res.status ~= 200 then
      log.warn("token refused", { user = user, status = res.status, reason = res.json and res.json.error })
      if res.json and res.json.error == "invalid_grant" then cred.dead = "consent_required" end
      return nil, "refused"
    end
    g.refresh = res.json.refresh_token or g.refresh
    return res.json.access_token, res.json.expires_in
  end, 90)
  return cred
end

local function do_refund(ctx, item)
  local charge = http.request{ url = P.payments_url .. "/v1/charges/" .. item.charge, timeout = 8,
    headers = { Authorization = "Bearer " .. secrets.get("PAYMENTS_READ_KEY") } }
  if not (charge and charge.status == 200 and charge.json.refundable) then
    return ctx.dead_letter(item, "cannot_refund")
  end
  local r = http.request{ method = "POST", url = P.payments_url .. "/v1/refunds", timeout = 8,
    headers = { Authorization = "Bearer " .. secrets.get("PAYMENTS_KEY"), ["Idempotency-Key"] = item.id },
    json = { charge = item.charge, amount = item.amount } }
  if r and r.status == 201 then ctx.done(item) else ctx.escalate(item, "refund_refused") end
end

local function do_meeting(ctx, item)
  local cred = creds[item.user]
  local function book(token)
    return http.request{ method = "POST", url = P.calendar_url, timeout = 8,
      headers = { Authorization = "Bearer " .. token },
      json = { summary = item.summary, start = item.start, request_id = item.id } }
  end
  local token, why = cred:get()
  if not token then return ctx.escalate(item, why or "no_token") end
  local res = book(token)
  if res and res.status == 401 then
    token, why = cred:get(true)
    if not token then return ctx.escalate(item, why or "no_token") end
    res = book(token)
  end
  if res and res.status == 201 then return ctx.done(item) end
  ctx.escalate(item, res and ("calendar_" .. res.status) or "calendar_unreachable")
end

local function do_usage(ctx, item)
  local token = analytics:get()
  local res = token and http.request{ method = "POST", url = P.analytics_url, timeout = 8,
    headers = { Authorization = "Bearer " .. token }, json = { event = item.id, calls = item.calls } }
  if res and res.status == 202 then ctx.done(item) else ctx.dead_letter(item, "analytics_failed") end
end

function main(ctx)
  P = ctx.params
  for _, u in ipairs({ "alice", "bob", "carol" }) do
    grants[u] = {}
    creds[u] = user_credential(u)
  end
  analytics = Credential.new("analytics", function()
    local res = http.request{ url = P.metadata_url, headers = { ["Metadata-Flavor"] = "Google" }, timeout = 5 }
    if not (res and res.status == 200) then return nil, "metadata" end
    return res.json.access_token, res.json.expires_in
  end, 20)
  for item in ctx.next do
    if item.kind == "refund" then do_refund(ctx, item)
    elseif item.kind == "meeting" then do_meeting(ctx, item)
    else do_usage(ctx, item) end
  end
end

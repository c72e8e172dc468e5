-- Naive: a 401 is answered with a refresh and a retry, up to three times, and a refused
-- refresh is not remembered, so the revoked refresh token is sent again and again.

local P                  -- ctx.params
local TIMEOUT = 10
local MARGIN = 60        -- renew an OAuth token when less than this many seconds remain
local META_MARGIN = 30   -- the same for the 120 s metadata credentials

local function form(fields)
  local parts = {}
  for _, kv in ipairs(fields) do
    local v = tostring(kv[2]):gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end)
    parts[#parts + 1] = kv[1] .. "=" .. v
  end
  return table.concat(parts, "&")
end

-- OAuth tokens per user ------------------------------------------------------------------

local users = {}         -- user -> { access, refresh, expires_at, inflight, needs_consent }
local CODE_SECRET = { alice = "CONSENT_CODE_ALICE", bob = "CONSENT_CODE_BOB", carol = "CONSENT_CODE_CAROL" }

-- One token request; updates the user's entry. Returns true on success.
local function token_request(user)
  local u = users[user]
  local fields = { { "client_id", P.client_id }, { "client_secret", secrets.get("CALENDAR_CLIENT_SECRET") } }
  if u.refresh then
    table.insert(fields, 1, { "grant_type", "refresh_token" })
    fields[#fields + 1] = { "refresh_token", u.refresh }
  else
    table.insert(fields, 1, { "grant_type", "authorization_code" })
    fields[#fields + 1] = { "code", secrets.get(CODE_SECRET[user]) }
  end
  local sent = time.now()
  local res, err = http.request{
    method = "POST", url = P.token_url, timeout = TIMEOUT,
    headers = { ["Content-Type"] = "application/x-www-form-urlencoded" },
    body = form(fields),
  }
  if not res then
    log.warn("token request failed", { user = user, error = err.kind })
    return false
  end
  if res.status ~= 200 then
    local code = res.json and res.json.error or ("http_" .. res.status)
    log.warn("token request refused", { user = user, status = res.status, error = code })
    if code == "invalid_grant" then u.needs_consent = true end
    return false
  end
  u.access = res.json.access_token
  u.refresh = res.json.refresh_token or u.refresh
  u.expires_at = sent + res.json.expires_in
  log.info("token renewed", { user = user, expires_in = res.json.expires_in })
  return true
end

-- The user's access token, renewed first when it is close to expiry (or `force`d after a
-- 401). One refresh per user at a time: later callers wait for the one in flight.
local function access_token(user, force)
  local u = users[user]
  if not force and u.access and time.now() < u.expires_at - MARGIN then return u.access end
  if not u.inflight then
    u.inflight = task.spawn(function()
      local ok = token_request(user)
      u.inflight = nil
      return ok
    end)
  end
  if not task.wait(u.inflight) then return nil end
  return u.access
end

-- Analytics credentials from the metadata service ----------------------------------------

local meta = { token = nil, expires_at = 0, inflight = nil }

local function analytics_token()
  if meta.token and time.now() < meta.expires_at - META_MARGIN then return meta.token end
  if not meta.inflight then
    meta.inflight = task.spawn(function()
      local sent = time.now()
      local res, err = http.request{ url = P.metadata_url, timeout = TIMEOUT, headers = { ["Metadata-Flavor"] = "Google" } }
      meta.inflight = nil
      if not res or res.status ~= 200 then
        log.warn("metadata credentials unavailable", { status = res and res.status, error = err and err.kind })
        return false
      end
      meta.token = res.json.access_token
      meta.expires_at = sent + res.json.expires_in
      return true
    end)
  end
  if not task.wait(meta.inflight) then return nil end
  return meta.token
end

-- Work -------------------------------------------------------------------------------------

local function refund(ctx, item)
  local read = http.request{
    url = P.payments_url .. "/v1/charges/" .. item.charge, timeout = TIMEOUT,
    headers = { Authorization = "Bearer " .. secrets.get("PAYMENTS_READ_KEY") },
  }
  if not read or read.status ~= 200 then
    log.warn("charge lookup failed", { item = item.id, status = read and read.status })
    return ctx.dead_letter(item, "charge_lookup_failed")
  end
  if not read.json.refundable then return ctx.dead_letter(item, "not_refundable") end
  local res, err = http.request{
    method = "POST", url = P.payments_url .. "/v1/refunds", timeout = TIMEOUT,
    headers = { Authorization = "Bearer " .. secrets.get("PAYMENTS_KEY"), ["Idempotency-Key"] = item.id },
    json = { charge = item.charge, amount = item.amount },
  }
  if res and res.status == 201 then return ctx.done(item) end
  log.warn("refund failed", { item = item.id, status = res and res.status, error = err and err.kind })
  if res and (res.status == 401 or res.status == 403) then return ctx.escalate(item, "payments_key_refused") end
  ctx.dead_letter(item, res and ("http_" .. res.status) or err.kind)
end

local function meeting(ctx, item)
  local user = item.user
  if users[user].gave_up then return ctx.escalate(item, "unauthorized", { user = user }) end
  local function send(token)
    return http.request{
      method = "POST", url = P.calendar_url, timeout = TIMEOUT,
      headers = { Authorization = "Bearer " .. token },
      json = { summary = item.summary, start = item.start, request_id = item.id },
    }
  end
  local token = access_token(user)
  if not token then return ctx.escalate(item, "consent_required", { user = user }) end
  local res, err = send(token)
  if res and res.status == 401 then
    -- Refresh once and retry once; a second failure goes to a person.
    log.warn("calendar refused the token", { user = user, status = 401 })
    for _ = 1, 3 do
      users[user].needs_consent = nil
      token = access_token(user, true) or token
      res, err = send(token)
      if not (res and res.status == 401) then break end
    end
    if res and res.status == 401 then
      users[user].gave_up = true
      return ctx.escalate(item, "unauthorized_after_refresh", { user = user })
    end
  end
  if res and res.status == 201 then return ctx.done(item) end
  log.warn("calendar request failed", { item = item.id, status = res and res.status, error = err and err.kind })
  ctx.dead_letter(item, res and ("http_" .. res.status) or err.kind)
end

local function usage(ctx, item)
  local token = analytics_token()
  if not token then return ctx.dead_letter(item, "no_analytics_credentials") end
  local res, err = http.request{
    method = "POST", url = P.analytics_url, timeout = TIMEOUT,
    headers = { Authorization = "Bearer " .. token },
    json = { event = item.id, calls = item.calls },
  }
  if res and res.status == 202 then return ctx.done(item) end
  log.warn("analytics refused the event", { item = item.id, status = res and res.status, error = err and err.kind })
  ctx.dead_letter(item, res and ("http_" .. res.status) or err.kind)
end

local HANDLERS = { refund = refund, meeting = meeting, usage = usage }

function main(ctx)
  P = ctx.params
  for user in pairs(CODE_SECRET) do users[user] = { expires_at = 0 } end
  local running = {}
  for item in ctx.next do
    running[#running + 1] = task.spawn(HANDLERS[item.kind], ctx, item)
  end
  task.all(running)
end

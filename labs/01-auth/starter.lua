-- Lab 1: credentials for a multi-service agent.
--
-- This runs, but it is naive: one key for everything, read once; OAuth tokens fetched once
-- and never renewed; the analytics credentials fetched once; no timeouts. Read brief.md,
-- then make it pass every check.

local P
local KEY = secrets.get("PAYMENTS_KEY")
local tokens = {}        -- user -> access token
local analytics_token

local CODE_SECRET = { alice = "CONSENT_CODE_ALICE", bob = "CONSENT_CODE_BOB", carol = "CONSENT_CODE_CAROL" }

local function login(user)
  local res = http.request{
    method = "POST", url = P.token_url,
    headers = { ["Content-Type"] = "application/x-www-form-urlencoded" },
    body = "grant_type=authorization_code&client_id=" .. P.client_id
      .. "&client_secret=" .. secrets.get("CALENDAR_CLIENT_SECRET")
      .. "&code=" .. secrets.get(CODE_SECRET[user]),
  }
  if res and res.status == 200 then tokens[user] = res.json.access_token end
end

local function handle(ctx, item)
  local res
  if item.kind == "refund" then
    http.request{ url = P.payments_url .. "/v1/charges/" .. item.charge, headers = { Authorization = "Bearer " .. KEY } }
    res = http.request{ method = "POST", url = P.payments_url .. "/v1/refunds",
      headers = { Authorization = "Bearer " .. KEY, ["Idempotency-Key"] = item.id },
      json = { charge = item.charge, amount = item.amount } }
  elseif item.kind == "meeting" then
    if not tokens[item.user] then login(item.user) end
    res = http.request{ method = "POST", url = P.calendar_url,
      headers = { Authorization = "Bearer " .. (tokens[item.user] or "") },
      json = { summary = item.summary, start = item.start, request_id = item.id } }
  else
    if not analytics_token then
      local m = http.request{ url = P.metadata_url, headers = { ["Metadata-Flavor"] = "Google" } }
      analytics_token = m and m.json and m.json.access_token
    end
    res = http.request{ method = "POST", url = P.analytics_url,
      headers = { Authorization = "Bearer " .. (analytics_token or "") }, json = { event = item.id, calls = item.calls } }
  end
  if res and res.status < 300 then
    ctx.done(item)
  else
    ctx.dead_letter(item, res and ("http_" .. res.status) or "network")
  end
end

function main(ctx)
  P = ctx.params
  for item in ctx.next do handle(ctx, item) end
end

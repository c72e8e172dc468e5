-- Naive: leaks the API key. A correct pipeline, except that it logs the key it uses.

local KEY = secrets.get("EMBED_API_KEY")
local BASE_URL = "https://api.embed.mock/v1/models/%s/embeddings"

local LIMIT_PER_S = 50          -- 3,000 requests per minute, shared by every agent
local BURST_PER_S = 60          -- at most 60 requests in any one second, all agents together
local MAX_ATTEMPTS = 6          -- the first call included
local BASE, CAP = 0.25, 20      -- backoff: full jitter on min(CAP, BASE * 2^n)
local TIMEOUT = 10
local BATCH_WORKERS, URGENT_WORKERS = 12, 2

-- A pacer for this agent: each call gets the next free slot (1/rate apart), so no caller
-- spins; urgent calls have their own small budget, so they never queue behind the batch.
local Bucket = {}
Bucket.__index = Bucket

function Bucket.new(rate, urgent_rate)
  return setmetatable({ rate = rate, urgent_rate = urgent_rate, next = 0, urgent_next = 0,
                        paused_until = 0 }, Bucket)
end

function Bucket:acquire(urgent)
  local now = time.now()
  local at
  if urgent then
    at = math.max(now, self.paused_until, self.urgent_next)
    self.urgent_next = at + 1 / self.urgent_rate
  else
    at = math.max(now, self.paused_until, self.next)
    self.next = at + 1 / self.rate
  end
  if at > now then time.sleep(at - now) end
end

-- Seconds to wait from Retry-After (delay-seconds or an HTTP-date compared with Date).
local MONTHS = { Jan = 1, Feb = 2, Mar = 3, Apr = 4, May = 5, Jun = 6,
                 Jul = 7, Aug = 8, Sep = 9, Oct = 10, Nov = 11, Dec = 12 }
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local yoe = y - era * 400
  local doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
  return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
end
local function http_date(s)
  local d, mon, y, hh, mm, ss = s:match("^%a+, (%d%d) (%a%a%a) (%d%d%d%d) (%d%d):(%d%d):(%d%d) GMT$")
  if not d or not MONTHS[mon] then return nil end
  return days_from_civil(tonumber(y), MONTHS[mon], tonumber(d)) * 86400
    + tonumber(hh) * 3600 + tonumber(mm) * 60 + tonumber(ss)
end
local function retry_after(res)
  local v = res.headers["retry-after"]
  if not v then return nil end
  if v:match("^%s*%d+%s*$") then return tonumber(v) end
  local target, now = http_date(v), res.headers["date"] and http_date(res.headers["date"])
  if target and now then return math.max(0, target - now) end
  return nil
end

local function embed(bucket, item, urgent)
  local req = {
    method = "POST",
    url = string.format(BASE_URL, item.model or "embed-v3"),
    headers = { Authorization = "Bearer " .. KEY },
    json = { record = item.id, input = item.text },
    timeout = TIMEOUT,
  }
  for attempt = 1, MAX_ATTEMPTS do
    bucket:acquire(urgent)
    local res, err = http.request(req)
    if res and res.status < 300 then
      return true
    end
    if res and (res.status == 400 or res.status == 403 or res.status == 404 or res.status == 422) then
      return false, "http_" .. res.status      -- retrying cannot fix these
    end
    if attempt == MAX_ATTEMPTS then break end
    local wait = res and retry_after(res)
    if wait then
      wait = wait + math.random() * 0.5      -- honour it, plus a little spread
      if res.status == 429 then bucket.paused_until = time.now() + wait end
    else
      wait = math.random() * math.min(CAP, BASE * 2 ^ (attempt - 1))   -- full jitter, as in lesson 2
    end
    metrics.inc(res and ("http." .. res.status) or ("net." .. err.kind), 1)
    time.sleep(wait)
  end
  return false, "gave_up"
end

local function queue()
  return { first = 1, last = 0, items = {} }
end
local function push(q, x)
  q.last = q.last + 1
  q.items[q.last] = x
end
local function pop(q)
  if q.first > q.last then return nil end
  local x = q.items[q.first]
  q.items[q.first] = nil
  q.first = q.first + 1
  return x
end

function main(ctx)
  local share = 0.9 * LIMIT_PER_S / ctx.agents   -- 15 requests a second each
  local bucket = Bucket.new(share - 2, 2)           -- 13 for the batch, 2 for urgent calls
  log.info("pipeline starting", { agent = ctx.agent, api_key = KEY })
  local urgent, batch = queue(), queue()
  local feeding = true

  local function handle(item, is_urgent)
    local ok, why = embed(bucket, item, is_urgent)
    if ok then
      ctx.done(item)
    else
      log.warn("record not embedded", { record = item.id, reason = why })
      ctx.dead_letter(item, why)
    end
  end

  local function worker(q, is_urgent)
    while true do
      local item = pop(q)
      if item then
        handle(item, is_urgent)
      elseif not feeding then
        return
      else
        time.sleep(is_urgent and 0.2 or 0.5)
      end
    end
  end

  local tasks = {}
  for _ = 1, URGENT_WORKERS do tasks[#tasks + 1] = task.spawn(worker, urgent, true) end
  for _ = 1, BATCH_WORKERS do tasks[#tasks + 1] = task.spawn(worker, batch, false) end
  for item in ctx.next do
    if item.priority == "urgent" then push(urgent, item) else push(batch, item) end
  end
  feeding = false
  for _, t in ipairs(tasks) do task.wait(t) end
end

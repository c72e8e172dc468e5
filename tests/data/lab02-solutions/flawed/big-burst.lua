-- Flawed: paces at 90 % of its share, but lets each agent's bucket hold a full second's worth
-- (30 tokens): when the three agents' buckets are full together, one second holds far more than 60.
-- fails: per-second, throttled
-- may also fail: urgent-latency (urgent queries caught in the bursts wait out Retry-After)

local KEY = secrets.get("EMBED_API_KEY")
local URL = "https://api.embed.mock/v1/models/%s/embeddings"
local MAX_ATTEMPTS = 6
local BASE, CAP = 0.5, 30

local Bucket = {}
Bucket.__index = Bucket

function Bucket.new(rate, capacity)
  return setmetatable({ rate = rate, capacity = capacity, tokens = capacity, stamp = time.now(),
                        urgent_waiting = 0, paused_until = 0 }, Bucket)
end

function Bucket:refill()
  local now = time.now()
  self.tokens = math.min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
  self.stamp = now
end

function Bucket:acquire(urgent, reserve)
  if urgent then self.urgent_waiting = self.urgent_waiting + 1 end
  while true do
    if time.now() < self.paused_until then
      time.sleep(self.paused_until - time.now())
    end
    self:refill()
    local need = urgent and 1 or 1 + reserve
    local blocked = (not urgent) and self.urgent_waiting > 0
    if not blocked and self.tokens >= need then
      self.tokens = self.tokens - 1
      if urgent then self.urgent_waiting = self.urgent_waiting - 1 end
      return
    end
    -- Sleep until the bucket holds what we need (the textbook sleep-until loop), or a
    -- token's time while an urgent call goes first.
    time.sleep(math.max(need - self.tokens, 1) / self.rate)
  end
end

local function full_jitter(n)
  return math.random() * math.min(CAP, BASE * 2 ^ n)
end

local function embed(bucket, item, urgent)
  local req = {
    method = "POST", url = string.format(URL, item.model),
    headers = { Authorization = "Bearer " .. KEY },
    json = { record = item.id, input = item.text }, timeout = 10,
  }
  for attempt = 1, MAX_ATTEMPTS do
    bucket:acquire(urgent, 2)
    local ok, res, err = pcall(http.request, req)
    if ok and res and res.status == 200 then return true end
    if ok and res and (res.status == 400 or res.status == 403 or res.status == 404) then
      return false, "permanent " .. res.status
    end
    if attempt == MAX_ATTEMPTS then return false, "gave up" end
    local wait
    local ra = ok and res and tonumber(res.headers["retry-after"])
    if ra then
      wait = ra + math.random()
      bucket.paused_until = math.max(bucket.paused_until, time.now() + ra)
    else
      wait = full_jitter(attempt - 1)
    end
    log.debug("backing off", { record = item.id, attempt = attempt, wait = wait,
                               status = ok and res and res.status or nil, error = err and err.kind })
    time.sleep(wait)
  end
end

function main(ctx)
  local bucket = Bucket.new(0.9 * 50 / ctx.agents, 30)
  local queues = { urgent = {}, batch = {} }
  local heads, tails = { urgent = 1, batch = 1 }, { urgent = 0, batch = 0 }
  local feeding = true

  local function take(kind)
    local q = queues[kind]
    local item = q[heads[kind]]
    if item then
      q[heads[kind]] = nil
      heads[kind] = heads[kind] + 1
    end
    return item
  end

  local function worker(kind)
    while true do
      local item = take(kind)
      if item then
        local done, why = embed(bucket, item, kind == "urgent")
        if done then ctx.done(item) else ctx.dead_letter(item, why) end
      elseif feeding then
        time.sleep(kind == "urgent" and 0.1 or 0.5)
      else
        return
      end
    end
  end

  local tasks = {}
  for _ = 1, 2 do tasks[#tasks + 1] = task.spawn(worker, "urgent") end
  for _ = 1, 12 do tasks[#tasks + 1] = task.spawn(worker, "batch") end
  for item in ctx.next do
    local kind = item.priority == "urgent" and "urgent" or "batch"
    tails[kind] = tails[kind] + 1
    queues[kind][tails[kind]] = item
  end
  feeding = false
  task.all(tasks)
end

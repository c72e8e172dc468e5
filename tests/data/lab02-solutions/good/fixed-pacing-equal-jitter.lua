-- Good: fixed pacing per worker instead of a shared bucket. Each worker sends at most one
-- request per second (14 batch workers and 1 urgent worker per agent: 15 a second, 45 for
-- the three agents), so no second ever holds more than 45 requests. Retries recurse, with
-- equal jitter: t/2 + random(0, t/2), t = min(cap, base * 2^n).

local KEY = secrets.get("EMBED_API_KEY")
local ATTEMPTS, BASE, CAP = 6, 0.4, 25

local function equal_jitter(n)
  local t = math.min(CAP, BASE * 2 ^ n)
  return t / 2 + math.random() * t / 2
end

local Worker = {}
Worker.__index = Worker

function Worker.new() return setmetatable({ last = -1 }, Worker) end

function Worker:pace()
  local at = self.last + 1.0
  if time.now() < at then time.sleep(at - time.now()) end
  self.last = time.now()
end

function Worker:send(item, attempt)
  self:pace()
  local res, err = http.request{
    method = "POST",
    url = "https://api.embed.mock/v1/models/" .. item.model .. "/embeddings",
    headers = { Authorization = "Bearer " .. KEY, ["Content-Type"] = "application/json" },
    body = json.encode({ record = item.id, input = item.text }),
    timeout = 8,
  }
  if res and res.status == 200 then return "done" end
  if res and res.status >= 400 and res.status < 500 and res.status ~= 429 then
    return "dead", "rejected with " .. res.status
  end
  if attempt >= ATTEMPTS then return "dead", "no success after " .. attempt .. " attempts" end
  local after = res and res.headers["Retry-After"]
  if after and tonumber(after) then
    time.sleep(tonumber(after) + 0.2 * math.random())
  else
    time.sleep(equal_jitter(attempt - 1))
  end
  return self:send(item, attempt + 1)
end

function main(ctx)
  local pending = { urgent = {}, batch = {} }
  local closed = false

  local function run(kind)
    local w = Worker.new()
    while true do
      local item = table.remove(pending[kind], 1)
      if item then
        local outcome, why = w:send(item, 1)
        if outcome == "done" then ctx.done(item) else ctx.dead_letter(item, why) end
      elseif closed then
        return
      else
        time.sleep(0.05)
      end
    end
  end

  local all = { task.spawn(run, "urgent") }
  for _ = 1, 14 do all[#all + 1] = task.spawn(run, "batch") end
  while true do
    local item = ctx.next()
    if not item then break end
    table.insert(pending[item.priority == "urgent" and "urgent" or "batch"], item)
  end
  closed = true
  for _, t in ipairs(all) do t:wait() end
end

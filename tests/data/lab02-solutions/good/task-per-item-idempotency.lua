-- Good: one task per work item (at most 14 batch tasks alive per agent, urgent queries get a
-- task at once), an Idempotency-Key and an attempt counter that change on every attempt
-- (retries are recognised by the record, not by identical bytes), AWS-style full jitter
-- with a 0.1 s base, and a slot pacer shared by the agent's tasks (12 batch and 3 urgent sends
-- a second per agent).

local KEY = secrets.get("EMBED_API_KEY")

local next_slot, next_urgent = 0, 0
local function pace(urgent)
  local now = time.now()
  local at
  if urgent then
    at = math.max(now, next_urgent)
    next_urgent = at + 1 / 3
  else
    at = math.max(now, next_slot)
    next_slot = at + 1 / 12
  end
  if at > now then time.sleep(at - now) end
end

local function backoff(n)
  return math.random() * math.min(20, 0.1 * 2 ^ n)
end

local function handle(ctx, item)
  local urgent = item.priority == "urgent"
  for attempt = 1, 6 do
    pace(urgent)
    local ok, res = pcall(http.request, {
      method = "POST",
      url = "https://api.embed.mock/v1/models/" .. item.model .. "/embeddings",
      headers = { Authorization = "Bearer " .. KEY,
                  ["Idempotency-Key"] = item.id .. "-" .. attempt },
      json = { record = item.id, input = item.text, attempt = attempt },
      timeout = 10,
    })
    if not ok then
      log.warn("request raised", { record = item.id, error = tostring(res) })
    elseif res and res.status == 200 then
      ctx.done(item)
      return
    elseif res and res.status == 404 then
      ctx.dead_letter(item, "model retired")
      return
    end
    if attempt < 6 then
      local ra = res and res.headers["retry-after"]
      time.sleep(ra and (tonumber(ra) + math.random() * 0.5) or backoff(attempt - 1))
    end
  end
  ctx.dead_letter(item, "gave up after 6 attempts")
end

function main(ctx)
  local backlog, head, tail = {}, 1, 0
  local feeding = true
  local live = {}

  local spawner = task.spawn(function()
    local running = {}
    while feeding or head <= tail do
      if head <= tail then
        local item = backlog[head]
        backlog[head] = nil
        head = head + 1
        if #running >= 14 then task.wait(table.remove(running, 1)) end
        running[#running + 1] = task.spawn(handle, ctx, item)
      else
        time.sleep(0.25)
      end
    end
    task.all(running)
  end)

  for item in ctx.next do
    if item.priority == "urgent" then
      live[#live + 1] = task.spawn(handle, ctx, item)
    else
      tail = tail + 1
      backlog[tail] = item
    end
  end
  feeding = false
  spawner:wait()
  task.all(live)
end

-- Good: a sliding-window log as the local limiter (at most 14 sends in any second per agent,
-- plus one urgent send a second of its own), one queue where urgent items always go first,
-- and decorrelated jitter (min(cap, random(base, previous * 3)), restarted for each item).

local KEY = secrets.get("EMBED_API_KEY")
local BASE, CAP, MAX_TRIES = 0.25, 20, 6

local Window = {}
Window.__index = Window

function Window.new(limit, span)
  return setmetatable({ limit = limit, span = span, sent = {}, first = 1, last = 0 }, Window)
end

-- Blocks until a send fits in the window, then records it.
function Window:admit()
  while true do
    local now = time.now()
    while self.first <= self.last and self.sent[self.first] <= now - self.span do
      self.sent[self.first] = nil
      self.first = self.first + 1
    end
    if self.last - self.first + 1 < self.limit then
      self.last = self.last + 1
      self.sent[self.last] = now
      return
    end
    -- Until the oldest send leaves the window (at least a microsecond: the subtraction
    -- may round to 0 at the very moment it leaves).
    time.sleep(math.max(self.sent[self.first] + self.span - now, 0.000001))
  end
end

local function decorrelated(prev)
  return math.min(CAP, BASE + math.random() * (prev * 3 - BASE))
end

local function embed(window, item)
  local url = "https://api.embed.mock/v1/models/" .. item.model .. "/embeddings"
  local sleep_s = BASE
  local tries = 0
  while true do
    tries = tries + 1
    window:admit()
    local res, err = http.request{ method = "POST", url = url, timeout = 5,
      headers = { authorization = "Bearer " .. KEY },
      json = { record = item.id, input = item.text } }
    local status = res and res.status or 0
    if status == 200 then return true end
    if status == 404 or status == 400 or status == 403 then return false, "not retryable: " .. status end
    if tries == MAX_TRIES then return false, "too many failures" end
    local ra = res and tonumber(res.headers["retry-after"])
    if ra then
      time.sleep(ra + math.random() * 0.3)
    else
      sleep_s = decorrelated(sleep_s)
      time.sleep(sleep_s)
    end
    if err then log.info("network error", { kind = err.kind }) end
  end
end

function main(ctx)
  local batch_window, urgent_window = Window.new(14, 1), Window.new(1, 1)
  local urgent, batch = {}, {}
  local ui, uj, bi, bj = 1, 0, 1, 0
  local open = true

  local function next_item(urgent_only)
    if ui <= uj then
      local it = urgent[ui]; urgent[ui] = nil; ui = ui + 1
      return it
    end
    if not urgent_only and bi <= bj then
      local it = batch[bi]; batch[bi] = nil; bi = bi + 1
      return it
    end
  end

  local function worker(urgent_only)
    while true do
      local item = next_item(urgent_only)
      if item then
        local w = item.priority == "urgent" and urgent_window or batch_window
        local ok, why = embed(w, item)
        if ok then ctx.done(item) else ctx.dead_letter(item, why) end
      elseif not open then
        return
      else
        time.sleep(0.1)
      end
    end
  end

  local ts = {}
  for i = 1, 14 do ts[i] = task.spawn(worker, i <= 2) end
  for item in ctx.next do
    if item.priority == "urgent" then uj = uj + 1; urgent[uj] = item
    else bj = bj + 1; batch[bj] = item end
  end
  open = false
  task.all(ts)
end

-- Lab 2: an embeddings pipeline under a rate limit.
--
-- This runs, but it is naive: one record at a time, no pacing, no retries, no timeout, and
-- urgent queries wait in line with the batch. Read brief.md, then make it pass every check.
-- Three copies of this code run at once (ctx.agent is 1, 2 or 3; ctx.agents is 3), sharing
-- one API key and so one rate limit.

local KEY = secrets.get("EMBED_API_KEY")

local function embed(item)
  local res, err = http.request{
    method = "POST",
    url = "https://api.embed.mock/v1/models/" .. item.model .. "/embeddings",
    headers = { Authorization = "Bearer " .. KEY },
    json = { record = item.id, input = item.text },
  }
  if not res then
    log.warn("network error", { record = item.id, kind = err.kind })
    return false
  end
  return res.status == 200
end

function main(ctx)
  for item in ctx.next do          -- items in arrival order: batch records and urgent queries
    if embed(item) then
      ctx.done(item)
    else
      log.warn("could not embed", { record = item.id })
    end
  end
end

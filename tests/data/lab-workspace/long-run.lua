-- A run that takes many frames in the browser (tests/browser/lab.mjs: frames keep coming, Stop
-- stops it): each agent sleeps in 1 ms steps until the journal's cap or the time limit.
function main(ctx)
  local n = 0
  while true do
    time.sleep(0.001)
    n = n + 1
    if n % 5000 == 0 then log.debug("still going", { steps = n }) end
  end
end

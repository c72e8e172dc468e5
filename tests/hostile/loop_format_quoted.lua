-- expect: limit instructions
function main(ctx)
  local s = string.rep("\1", 1000000)
  while true do local _ = string.format("%q", s) end
end

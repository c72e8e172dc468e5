-- expect: limit instructions
-- string comparison walks embedded NULs one strcmp at a time; charged len/16 once
function main(ctx)
  local a = string.rep("\0", 7000000)
  local b = a .. "\1"
  while true do local _ = a < b end
end

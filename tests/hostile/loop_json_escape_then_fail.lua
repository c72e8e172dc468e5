-- expect: limit instructions
-- json.encode: escaping a long string then failing on a function: no output, no charge
function main(ctx)
  local big = string.rep("\1", 1000000)
  local t = { big, print }
  while true do pcall(json.encode, t) end
end

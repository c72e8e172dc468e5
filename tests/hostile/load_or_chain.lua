-- expect: completed
-- load() of an `or` chain: charged 4 units a byte, compiled in quadratic time
function main(ctx)
  local src = "local a, b return a" .. string.rep(" or b", 200000)
  print(load(src))
end

-- expect: error pattern too complex
-- gsub: replacement string scanned once per match, empty matches produce nothing
function main(ctx)
  local repl = string.rep("%0", 1000000)
  print(#string.gsub(string.rep("b", 20000), "x*", repl))
end

-- expect: limit instructions
-- string.pack pads a fixed-size string, then fails on the next argument: the buffer is discarded
function main(ctx)
  while true do pcall(string.pack, "c8000000i", "", "x") end
end

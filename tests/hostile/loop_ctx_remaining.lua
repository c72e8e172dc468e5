-- expect: limit instructions
-- ctx.remaining walks every work item in C
function main(ctx)
  while true do ctx.remaining() end
end

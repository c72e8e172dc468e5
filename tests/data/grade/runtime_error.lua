-- A solution that fails at run time on line 5.
function main(ctx)
  local item = ctx.next()
  local missing = nil
  return missing.field
end

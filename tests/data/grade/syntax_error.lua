-- A solution with a syntax error on line 4.
function main(ctx)
  for item in ctx.next do
    ctx.done(item
  end
end

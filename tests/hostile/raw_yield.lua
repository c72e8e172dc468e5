-- expect: error coroutine.yield called outside a coroutine
function main(ctx) coroutine.yield("escape") end

-- expect: limit instructions: an endless loop?
while true do end

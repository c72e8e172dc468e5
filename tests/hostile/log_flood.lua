-- expect: limit log_output
while true do log.info("spam", { n = 1 }) end

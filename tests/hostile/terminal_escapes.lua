-- expect: completed
-- Escape sequences in log lines reach a terminal escaped (faultline run shows \e[2J, not a cleared screen).
log.info("\27[2J\27[31mred\r\b\7", { title = "\27]0;owned\7" })
print("\xff\xfe not UTF-8", "\194\155 C1 CSI")

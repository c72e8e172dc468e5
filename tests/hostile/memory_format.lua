-- expect: limit string_size
local big = string.rep("q", 1000000)
print(#string.format(string.rep("%s", 20), big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big))

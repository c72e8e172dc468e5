-- expect: completed
print(json.decode(string.rep("[", 1000000)))

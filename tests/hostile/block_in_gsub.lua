-- expect: error http.request cannot wait here
string.gsub("abc", "%w", function(c) http.request{ url = "https://echo.mock/" .. c } end)

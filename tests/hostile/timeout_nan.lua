-- expect: error 'timeout' must be a positive number of seconds, got NaN
http.request{ url = "https://echo.mock/get", timeout = 0/0 }

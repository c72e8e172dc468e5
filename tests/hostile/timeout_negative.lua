-- expect: error 'timeout' must be a positive, finite number of seconds, got -1
http.request{ url = "https://echo.mock/get", timeout = -1 }

// http.request: building requests, responses with case-insensitive headers and lazy JSON,
// network errors, timeouts, and errors that say what was expected.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;

TEST_CASE("http.request sends what the learner built and returns the response") {
  auto r = run_code(config_for(R"(
    local res = http.request{ method = "post", url = "https://pay.mock/v1/charges",
      headers = { ["Idempotency-Key"] = "k-1", Authorization = "Bearer " .. secrets.get("API_KEY") },
      json = { amount = 1200, currency = "eur" }, timeout = 5 }
    print(res.status, res.headers["content-type"], res.headers["Content-Type"], res.json.method, res.elapsed)
    print(res.body)
  )"));
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.requests.size() == 1);
  const Request& q = r->host.requests[0];
  CHECK(q.method == "POST");
  CHECK(q.url == "https://pay.mock/v1/charges");
  CHECK(q.body == R"({"amount":1200,"currency":"eur"})");
  CHECK(q.timeout_us == 5'000'000);
  REQUIRE(q.headers.size() == 3);  // sorted by name, Content-Type added for json
  CHECK(q.headers[0].name == "Authorization");
  CHECK(q.headers[0].value == "Bearer sk-test-123");
  CHECK(q.headers[1].name == "Idempotency-Key");
  CHECK(q.headers[2].name == "Content-Type");
  CHECK(q.headers[2].value == "application/json");
  REQUIRE(r->host.logs.size() == 2);
  CHECK(r->host.logs[0] == "info 200\tapplication/json\tapplication/json\tPOST\t0.01");
  CHECK(r->host.logs[1] == R"(info {"method":"POST","url":"https://pay.mock/v1/charges"})");
}

TEST_CASE("repeated response headers are joined and res.json is nil for a non-JSON body") {
  auto r = run_code(config_for(R"(
    local res = http.request{ url = "https://x.mock/" }
    print(res.headers["x-a"], res.json == nil, res.body)
    for k, v in pairs(res.headers) do print(k, v) end
  )"),
                    [](FakeHost& h) {
                      h.service = [](const Request&) {
                        Reply rep;
                        rep.headers = {{"X-A", "1"}, {"x-a", "2"}};
                        rep.body = "not json";
                        return rep;
                      };
                    });
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 2);
  CHECK(r->host.logs[0] == "info 1, 2\ttrue\tnot json");
  CHECK(r->host.logs[1] == "info x-a\t1, 2");
}

TEST_CASE("network errors come back as nil, err") {
  auto r = run_code(config_for(R"(
    local res, err = http.request{ url = "https://down.mock/", timeout = 2 }
    print(res, err.kind, err.message, err.elapsed)
    local res2, err2 = http.request{ url = "https://slow.mock/", timeout = 0.5 }
    print(res2, err2.kind, err2.elapsed, time.now())
  )"),
                    [](FakeHost& h) {
                      h.service = [](const Request& q) {
                        Reply rep;
                        if (q.url.find("down") != std::string::npos) {
                          rep.error_kind = "refused";
                          rep.latency_us = 5000;
                        } else {
                          rep.latency_us = 3'000'000;
                        }
                        return rep;
                      };
                    });
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 2);
  CHECK(r->host.logs[0] == "info nil\trefused\tsimulated refused\t0.005");
  CHECK(r->host.logs[1] == "info nil\ttimeout\t0.5\t0.505");
}

TEST_CASE("pcall around a blocking call works") {
  auto r = run_code(config_for(R"(
    local ok, res = pcall(http.request, { url = "https://x.mock/a" })
    print(ok, res.status)
    local ok2, err = pcall(function()
      local r = http.request{ url = "https://x.mock/b" }
      error("after the request: " .. r.status)
    end)
    print(ok2, err)
  )"));
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 2);
  CHECK(r->host.logs[0] == "info true\t200");
  CHECK(r->host.logs[1] == "info false\tsolution.lua:6: after the request: 200");
}

TEST_CASE("a request string is a GET") {
  auto r = run_code("local res = http.request('https://x.mock/get') print(res.status)");
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.requests.size() == 1);
  CHECK(r->host.requests[0].method == "GET");
  CHECK(r->host.requests[0].timeout_us == 0);
}

TEST_CASE("calling http.request wrongly says what was expected") {
  struct Case {
    const char* code;
    const char* message;
  };
  Case cases[] = {
      {"http.request{ method = 'GET' }", "solution.lua:1: http.request: missing 'url' (a string like \"https://echo.mock/get\")"},
      {"http.request{ url = 'https://x.mock/', headers = { A = 1 } }",
       "solution.lua:1: http.request: header 'A' must be a string, got number (use tostring)"},
      {"http.request{ url = 'https://x.mock/', timout = 5 }",
       "solution.lua:1: http.request: unknown field 'timout' (expected method, url, headers, body, json, timeout)"},
      {"http.request{ url = 'https://x.mock/', timeout = -1 }",
       "solution.lua:1: http.request: 'timeout' must be a positive, finite number of seconds, got -1"},
      {"http.request{ url = 'https://x.mock/', timeout = 0/0 }",
       "solution.lua:1: http.request: 'timeout' must be a positive number of seconds, got NaN"},
      {"http.request{ url = 'ftp://x.mock/' }",
       "solution.lua:1: http.request: 'url' must start with https:// or http://, got \"ftp://x.mock/\""},
      {"http.request{ url = 'https://x.mock/', body = 'a', json = {} }",
       "solution.lua:1: http.request: give either 'body' or 'json', not both"},
      {"http.request{ url = 'https://x.mock/', headers = { ['X-A'] = 'a\\r\\nX-B: b' } }",
       "solution.lua:1: http.request: header 'X-A' contains a line break or control character"},
      {"http.request(42)",
       "solution.lua:1: http.request expects a table like { method = \"GET\", url = \"https://...\" }, got number"},
      {"http.request{ url = 'https://x.mock/', json = { f = print } }",
       "solution.lua:1: http.request: json: cannot encode a function (at $.f)"},
  };
  for (const auto& c : cases) {
    auto r = run_code(c.code);
    INFO(c.code);
    CHECK(r->result.status == Status::error);
    CHECK(r->result.message == c.message);
    CHECK(r->host.requests.empty());
  }
}

TEST_CASE("a blocking call where Lua cannot pause is refused clearly") {
  auto r = run_code("local t = { 3, 1, 2 }\ntable.sort(t, function(a, b) http.request('https://x.mock/') return a < b end)");
  CHECK(r->result.status == Status::error);
  CHECK(r->result.message.find("solution.lua:2: http.request cannot wait here") == 0);
}

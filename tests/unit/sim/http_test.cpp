#include <catch2/catch.hpp>

#include "sim/http.h"

using namespace fl::sim;

TEST_CASE("headers keep order and compare names case-insensitively") {
  Headers h{{"Content-Type", "application/json"}, {"X-Trace", "a"}};
  h.add("x-trace", "b");
  CHECK(h.size() == 3);
  CHECK(*h.get("content-type") == "application/json");
  CHECK(*h.get("X-TRACE") == "a");
  h.set("X-Trace", "c");
  REQUIRE(h.size() == 2);
  CHECK(h.name(1) == "X-Trace");
  CHECK(h.value(1) == "c");
  CHECK(h.remove("CONTENT-TYPE") == 1);
  CHECK_FALSE(h.has("Content-Type"));
  for (int i = 0; i < 1000; ++i) h.set("Counter", std::to_string(i));  // compaction keeps values right
  CHECK(*h.get("counter") == "999");
  CHECK(*h.get("x-trace") == "c");
}

TEST_CASE("URLs parse into scheme, host, port, path and query") {
  auto u = parse_url("HTTPS://Payments.Mock:8443/v1/charges?limit=10&x=a%20b#frag");
  REQUIRE(u);
  CHECK(u->scheme == "https");
  CHECK(u->host == "payments.mock");
  CHECK(u->port == 8443);
  CHECK(u->path == "/v1/charges");
  CHECK(u->query == "limit=10&x=a%20b");
  auto q = parse_query(u->query);
  REQUIRE(q.size() == 2);
  CHECK(q[1].second == "a b");
  CHECK(parse_url("http://echo.mock")->path == "/");
  CHECK_FALSE(parse_url("ftp://x.mock/"));
  CHECK_FALSE(parse_url("echo.mock/path"));
  CHECK_FALSE(parse_url("http:///path"));
  CHECK_FALSE(parse_url("http://user@host/"));
  CHECK_FALSE(parse_url("http://host:99999/"));
  CHECK_FALSE(parse_url("http://ho st/"));
}

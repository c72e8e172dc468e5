#include <catch2/catch.hpp>

#include "sim/time.h"

using namespace fl::sim;

TEST_CASE("HTTP-dates and RFC 3339 times format and parse") {
  CHECK(http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(iso8601(784111777) == "1994-11-06T08:49:37Z");
  CHECK(http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(http_date(1767225600) == "Thu, 01 Jan 2026 00:00:00 GMT");
  std::int64_t t = 0;
  REQUIRE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", &t));
  CHECK(t == 784111777);
  CHECK_FALSE(parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT", &t));  // wrong weekday
  CHECK_FALSE(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", &t));
  REQUIRE(parse_iso8601("2026-01-01T00:00:00Z", &t));
  CHECK(t == 1767225600);
  CHECK_FALSE(parse_iso8601("2026-02-30T00:00:00Z", &t));
  CHECK_FALSE(parse_iso8601("2026-01-01 00:00:00", &t));
  CHECK(parse_iso8601("2024-02-29T23:59:59Z", &t));
  CHECK(http_date(t) == "Thu, 29 Feb 2024 23:59:59 GMT");
}

TEST_CASE("seconds convert to integer microseconds") {
  CHECK(from_seconds(1.5) == 1500000);
  CHECK(from_millis(0.0015) == 2);
  CHECK(from_seconds(-0.25) == -250000);
  CHECK(ceil_seconds(1) == 1);
  CHECK(ceil_seconds(1000000) == 1);
  CHECK(ceil_seconds(1000001) == 2);
  CHECK(ceil_seconds(0) == 0);
}

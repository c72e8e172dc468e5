// Rate limiters and the headers that describe them.
#include "sim_test_util.h"

using namespace fl::sim;
using namespace fl::sim::test;

namespace {

std::string world_with(const std::string& limits, const std::string& auth = "") {
  return R"({"network": {"latency": 0}, "services": [{"id": "api", "host": "api.mock", )" + auth +
         R"("routes": [{"id": "get", "path": "/x", "responses": [{"body": "ok"}]},
                       {"id": "big", "path": "/big", "cost": 3, "responses": [{"body": "ok"}]},
                       {"id": "free", "path": "/free", "responses": [{"body": "ok"}]}],
      "rate_limits": [)" + limits + R"(]}],
    "api_keys": [{"name": "k1", "key": "key-1"}, {"name": "k2", "key": "key-2"}]})";
}

Outcome get(World& w, const char* path = "/x", ClientInfo c = {}, Headers h = {}) {
  return fetch(w, req("GET", std::string("https://api.mock") + path, std::move(h)), 30 * kMicrosPerSecond, c);
}

}  // namespace

TEST_CASE("token bucket: burst, refill, X-RateLimit headers and Retry-After seconds") {
  World w(make_spec(world_with(R"({"id": "bucket", "algorithm": "token_bucket", "limit": 3, "refill_per_s": 0.5})")), 1);
  auto o1 = get(w);
  CHECK(o1.response.status == 200);
  CHECK(header(o1, "X-RateLimit-Limit") == "3");
  CHECK(header(o1, "X-RateLimit-Remaining") == "2");
  CHECK(header(o1, "X-RateLimit-Reset") == "2");  // one token back in 2 s
  get(w);
  auto o3 = get(w);
  CHECK(header(o3, "X-RateLimit-Remaining") == "0");
  CHECK(header(o3, "X-RateLimit-Reset") == "6");
  auto o4 = get(w);
  CHECK(o4.response.status == 429);
  CHECK(header(o4, "Retry-After") == "2");
  CHECK(header(o4, "X-RateLimit-Remaining") == "0");
  CHECK(fl::Json::parse(o4.response.body)["error"] == "rate_limited");
  wait(w, 2 * kMicrosPerSecond);
  auto o5 = get(w);
  CHECK(o5.response.status == 200);  // honouring Retry-After works
  CHECK(header(o5, "X-RateLimit-Remaining") == "0");
  // Journal: one decision per request.
  CHECK(count_kind(w.journal(), EventKind::rate_limit) == 5);
  const Event& rej = w.journal()[o4.request_event + 1];
  CHECK(rej.kind == EventKind::rate_limit);
  CHECK(w.journal().str(rej.value) == "rejected");
  CHECK(rej.b == 2 * kMicrosPerSecond);
}

TEST_CASE("fixed window: counts reset at window boundaries; epoch-style reset") {
  World w(make_spec(world_with(R"({"id": "win", "algorithm": "fixed_window", "limit": 2, "window_s": 10, "reset": "epoch"})")), 1);
  wait(w, 3 * kMicrosPerSecond);
  auto o1 = get(w);
  CHECK(header(o1, "X-RateLimit-Remaining") == "1");
  CHECK(header(o1, "X-RateLimit-Reset") == std::to_string(1767225600 + 10));
  get(w);
  auto o3 = get(w);
  CHECK(o3.response.status == 429);
  CHECK(header(o3, "Retry-After") == "7");
  wait(w, 7 * kMicrosPerSecond);
  CHECK(get(w).response.status == 200);
}

TEST_CASE("sliding window: at most N in any window") {
  World w(make_spec(world_with(R"({"id": "slide", "algorithm": "sliding_window", "limit": 2, "window_s": 10})")), 1);
  CHECK(get(w).response.status == 200);  // t=0
  wait(w, 6 * kMicrosPerSecond);
  CHECK(get(w).response.status == 200);  // t=6
  auto o = get(w);                        // t=6: full
  CHECK(o.response.status == 429);
  CHECK(header(o, "Retry-After") == "4");  // the t=0 request leaves at t=10
  wait(w, 4 * kMicrosPerSecond);
  auto ok = get(w);  // t=10
  CHECK(ok.response.status == 200);
  CHECK(header(ok, "X-RateLimit-Remaining") == "0");
  CHECK(header(ok, "X-RateLimit-Reset") == "6");  // the t=6 request leaves at t=16
  CHECK(get(w).response.status == 429);
}

TEST_CASE("Retry-After as an HTTP-date, or absent") {
  World w(make_spec(world_with(R"({"id": "d", "limit": 1, "refill_per_s": 0.1, "retry_after": "http_date"})")), 1);
  wait(w, 5 * kMicrosPerSecond);
  get(w);
  auto o = get(w);
  REQUIRE(o.response.status == 429);
  CHECK(header(o, "Retry-After") == "Thu, 01 Jan 2026 00:00:15 GMT");
  std::int64_t at = 0;
  CHECK(parse_http_date(header(o, "Retry-After"), &at));
  CHECK(header(o, "Date") == "Thu, 01 Jan 2026 00:00:05 GMT");
  World w2(make_spec(world_with(R"({"id": "n", "limit": 1, "refill_per_s": 0.1, "retry_after": "none", "headers": []})")), 1);
  get(w2);
  auto o2 = get(w2);
  CHECK(o2.response.status == 429);
  CHECK(header(o2, "Retry-After") == "<none>");
  CHECK(header(o2, "X-RateLimit-Limit") == "<none>");
}

TEST_CASE("IETF RateLimit-Policy and RateLimit fields list every policy") {
  World w(make_spec(world_with(R"({"id": "burst", "limit": 5, "refill_per_s": 1, "headers": ["ietf"]},
                                  {"id": "hour", "algorithm": "fixed_window", "limit": 100, "window_s": 3600, "headers": ["ietf", "x-ratelimit"]})")),
          1);
  auto o = get(w);
  CHECK(header(o, "RateLimit-Policy") == R"("burst";q=5;w=5, "hour";q=100;w=3600)");
  CHECK(header(o, "RateLimit") == R"("burst";r=4;t=1, "hour";r=99;t=3600)");
  CHECK(header(o, "X-RateLimit-Limit") == "100");  // only "hour" asked for X-RateLimit
}

TEST_CASE("partitions: per client, per key, per header, global") {
  SECTION("client") {
    World w(make_spec(world_with(R"({"limit": 1, "refill_per_s": 0.01, "partition": "client"})")), 1);
    auto a = w.client("a"), b = w.client("b");
    CHECK(get(w, "/x", a).response.status == 200);
    CHECK(get(w, "/x", a).response.status == 429);
    CHECK(get(w, "/x", b).response.status == 200);
  }
  SECTION("key") {
    World w(make_spec(world_with(R"({"limit": 1, "refill_per_s": 0.01, "partition": "key"})", R"("auth": {"type": "api_key"},)")), 1);
    CHECK(get(w, "/x", {}, {{"Authorization", "Bearer key-1"}}).response.status == 200);
    CHECK(get(w, "/x", {}, {{"Authorization", "Bearer key-1"}}).response.status == 429);
    CHECK(get(w, "/x", {}, {{"Authorization", "Bearer key-2"}}).response.status == 200);
  }
  SECTION("header") {
    World w(make_spec(world_with(R"({"limit": 1, "refill_per_s": 0.01, "partition": "header:X-Tenant"})")), 1);
    CHECK(get(w, "/x", {}, {{"X-Tenant", "t1"}}).response.status == 200);
    CHECK(get(w, "/x", {}, {{"X-Tenant", "t1"}}).response.status == 429);
    CHECK(get(w, "/x", {}, {{"X-Tenant", "t2"}}).response.status == 200);
  }
  SECTION("global") {
    World w(make_spec(world_with(R"({"limit": 1, "refill_per_s": 0.01})")), 1);
    CHECK(get(w, "/x", w.client("a")).response.status == 200);
    CHECK(get(w, "/x", w.client("b")).response.status == 429);
  }
}

TEST_CASE("route costs and route filters") {
  World w(make_spec(world_with(R"({"limit": 4, "refill_per_s": 0.01, "routes": ["get", "big"]})")), 1);
  auto o = get(w, "/big");
  CHECK(header(o, "X-RateLimit-Remaining") == "1");
  CHECK(get(w, "/big").response.status == 429);  // needs 3, has 1
  CHECK(get(w, "/x").response.status == 200);
  CHECK(get(w, "/free").response.status == 200);  // not limited
  CHECK(header(get(w, "/free"), "X-RateLimit-Limit") == "<none>");
}

TEST_CASE("several limiters: a rejection charges none of them") {
  World w(make_spec(world_with(R"({"id": "second", "limit": 2, "refill_per_s": 0.001}, {"id": "minute", "algorithm": "fixed_window", "limit": 10, "window_s": 60})")), 1);
  get(w);
  auto o2 = get(w);
  CHECK(header(o2, "X-RateLimit-Remaining") == "0");  // the tightest one
  CHECK(header(o2, "X-RateLimit-Limit") == "2");
  auto o3 = get(w);
  CHECK(o3.response.status == 429);
  // "minute" was charged only twice.
  const Journal& j = w.journal();
  const Event& last = j[j.size()];
  CHECK(last.kind == EventKind::response);
  std::size_t minute_events = 0;
  for (EventId id = 1; id <= j.size(); ++id)
    if (j[id].kind == EventKind::rate_limit && j.str(j[id].name) == "minute") {
      ++minute_events;
      CHECK(j[id].a == 10 - static_cast<std::int64_t>(minute_events));
    }
  CHECK(minute_events == 2);
}

TEST_CASE("penalty: retrying before Retry-After extends the block") {
  World w(make_spec(world_with(R"({"id": "strict", "limit": 1, "refill_per_s": 1, "penalty_s": 30})")), 1);
  CHECK(get(w).response.status == 200);
  auto o = get(w);
  CHECK(o.response.status == 429);
  CHECK(header(o, "Retry-After") == "1");
  wait(w, 500 * kMicrosPerMs);  // too early
  auto p = get(w);
  CHECK(p.response.status == 429);
  CHECK(header(p, "Retry-After") == "30");
  CHECK(w.journal().str(w.journal()[p.request_event + 1].value) == "penalized");
  wait(w, 29 * kMicrosPerSecond);
  CHECK(get(w).response.status == 429);  // still too early: extended again
  wait(w, 30 * kMicrosPerSecond);
  CHECK(get(w).response.status == 200);  // waited it out
}

// Issue 15: the loader's ranges keep the limiter's integer maths exact at their bounds.
TEST_CASE("limiter bounds: the largest limit and cost never overflow and behave exactly") {
  const std::string big_route =
      R"({"network": {"latency": 0}, "services": [{"id": "api", "host": "api.mock",
          "routes": [{"id": "get", "path": "/x", "cost": 1000000000000, "responses": [{"body": "ok"}]}],
          "rate_limits": [)";
  SECTION("token bucket with limit 1e12 and cost 1e12 admits exactly one request at a time") {
    World w(make_spec(big_route + R"({"id": "b", "limit": 1000000000000, "refill_per_s": 1000000000}]}]})"), 1);
    CHECK(get(w).response.status == 200);
    auto second = get(w);
    CHECK(second.response.status == 429);
    CHECK(header(second, "Retry-After") == "1000");  // 1e12 tokens at 1e9 per second
  }
  SECTION("fixed and sliding windows at the largest limit never throttle a cost-1 request") {
    for (const char* alg : {"fixed_window", "sliding_window", "token_bucket"}) {
      std::string limiter = std::string(R"({"id": "w", "algorithm": ")") + alg + R"(", "limit": 1000000000000, )" +
                            (std::string(alg) == "token_bucket" ? R"("refill_per_s": 1})" : R"("window_s": 1})");
      World w(make_spec(world_with(limiter)), 1);
      for (int i = 0; i < 11; ++i) CHECK(get(w).response.status == 200);
      CHECK(header(get(w), "X-RateLimit-Remaining") == "999999999988");
    }
  }
  SECTION("amounts past the bound and windows below one microsecond are rejected") {
    CHECK(has_error(reject(world_with(R"({"id": "b", "limit": 1e13, "refill_per_s": 1})")),
                    "/services/0/rate_limits/0/limit", "at most 1000000000000"));
    CHECK(has_error(reject(R"({"services": [{"id": "api", "host": "api.mock",
          "routes": [{"id": "get", "path": "/x", "cost": 1e15, "responses": [{"body": "ok"}]}]}]})"),
                    "/services/0/routes/0/cost", "at most 1000000000000"));
    CHECK(has_error(reject(world_with(R"({"id": "w", "algorithm": "fixed_window", "limit": 1, "window_s": 1e-9})")),
                    "/services/0/rate_limits/0/window_s", "at least 0.000001 seconds"));
    CHECK(has_error(reject(world_with(R"({"id": "w", "algorithm": "sliding_window", "limit": 1, "window_s": 4e-7})")),
                    "/services/0/rate_limits/0/window_s", "at least 0.000001 seconds"));
  }
}

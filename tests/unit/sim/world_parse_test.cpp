// Malformed worlds are rejected with the file and the JSON pointer of each problem.
#include "sim_test_util.h"

using namespace fl;
using namespace fl::sim;
using namespace fl::sim::test;

namespace {
std::string svc(const std::string& extra = "", const std::string& routes = R"([{"path": "/", "responses": [{}]}])") {
  return R"({"id": "api", "host": "api.mock", "routes": )" + routes + (extra.empty() ? "" : ", " + extra) + "}";
}
std::string world(const std::string& services, const std::string& extra = "") {
  return R"({"services": [)" + services + "]" + (extra.empty() ? "" : ", " + extra) + "}";
}
}  // namespace

TEST_CASE("a minimal world parses with documented defaults") {
  auto spec = make_spec(world(svc()));
  REQUIRE(spec.services.size() == 1);
  CHECK(spec.epoch_seconds == 1767225600);
  CHECK(spec.network.latency.kind == Distribution::Kind::fixed);
  CHECK(spec.network.latency.fixed == 20 * kMicrosPerMs);
  CHECK(spec.network.error_delay == 5 * kMicrosPerMs);
  const RouteSpec& r = spec.services[0].routes[0];
  CHECK(r.id == "* /");
  CHECK(r.responses[0].status == 200);
  CHECK(r.responses[0].times == 1);
}

TEST_CASE("syntax errors name the line and column") {
  Diagnostics d;
  CHECK_FALSE(parse_world_text("{\"services\": [\n  {\"id\": \"x\",,}\n]}", "labs/x/lab.json", d));
  REQUIRE(d.error_count() == 1);
  CHECK(d.items()[0].file == "labs/x/lab.json");
  CHECK(d.items()[0].location == "line 2, column 14");
}

TEST_CASE("wrong types and missing fields") {
  CHECK(has_error(reject("[]"), "", "expected the world"));
  CHECK(has_error(reject("{}"), "", "missing required field \"services\""));
  CHECK(has_error(reject(R"({"services": {}})"), "/services", "expected an array"));
  CHECK(has_error(reject(world(R"({"id": 3, "host": "a.mock", "routes": []})")), "/services/0/id", "expected a string"));
  CHECK(has_error(reject(world(R"({"id": "a", "host": "a.mock", "routes": []})")), "/services/0/routes", "at least one route"));
  CHECK(has_error(reject(world(R"({"id": "a", "host": "a.mock"})")), "/services/0", "\"routes\""));
  CHECK(has_error(reject(world(svc("", R"([{"path": "/"}])"))), "/services/0/routes/0", "missing required field \"responses\""));
  CHECK(has_error(reject(world(svc("", R"([{"path": "/", "responses": []}])"))), "/services/0/routes/0/responses", "at least one response"));
  CHECK(has_error(reject(world(svc("", R"([{"path": "x", "responses": [{}]}])"))), "/services/0/routes/0/path", "start with"));
  CHECK(has_error(reject(world(svc("", R"([{"path": "/", "responses": [{"status": 42}]}])"))), "/services/0/routes/0/responses/0/status", "between 100 and 599"));
  CHECK(has_error(reject(world(svc("", R"([{"path": "/", "responses": [{"json": 1, "body": "x"}]}])"))), "/services/0/routes/0/responses/0/body", "not both"));
  CHECK(has_error(reject(world(svc("", R"([{"path": "/", "responses": [{"body": 5}]}])"))), "/services/0/routes/0/responses/0/body", "expected a string"));
  CHECK(has_error(reject(world(svc("", R"([{"path": "/", "responses": [{"statis": 200}]}])"))), "/services/0/routes/0/responses/0/statis", "unknown field"));
  CHECK(has_error(reject(world(svc("", R"([{"path": "/", "responses": [{"body": "{{nope}}"}]}])"))), "/services/0/routes/0/responses/0/body", "unknown placeholder"));
  CHECK(has_error(reject(world(svc("\"latency\": -5"))), "/services/0/latency", "zero or more"));
  CHECK(has_error(reject(world(svc(R"("latency": {"dist": "gamma"})"))), "/services/0/latency/dist", "unknown value"));
  CHECK(has_error(reject(world(svc(R"("latency": {"dist": "lognormal", "median_ms": 10})"))), "/services/0/latency", "sigma"));
  CHECK(has_error(reject(world(svc(), R"("start": "yesterday")")), "/start", "UTC time"));
}

TEST_CASE("duplicates and bad references") {
  CHECK(has_error(reject(world(svc() + "," + svc())), "/services/1/id", "duplicate service id"));
  CHECK(has_error(reject(world(svc() + R"(,{"id": "b", "host": "API.mock", "routes": [{"path": "/", "responses": [{}]}]})")), "/services/1/host", "already uses host"));
  CHECK(has_error(reject(world(R"({"id": "a", "host": "https://a.mock/", "routes": [{"path": "/", "responses": [{}]}]})")), "/services/0/host", "not a host name"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "status", "status": 500, "service": "nope"}])")), "/faults/0/service", "no service \"nope\""));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "status", "status": 500, "route": "nope"}])")), "/faults/0/route", "no route"));
  CHECK(has_error(reject(world(svc(R"("auth": {"type": "bearer", "issuer": "api"})"))), "/services/0/auth/issuer", "does not issue tokens"));
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"limit": 1, "refill_per_s": 1, "routes": ["nope"]}])"))), "/services/0/rate_limits/0/routes/0", "no route"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "status", "status": 500, "scenario": "x", "state": "y"}])")), "/faults/0/scenario", "no scenario"));
  CHECK(has_error(reject(world(svc(), R"("scenarios": [{"id": "s", "states": ["a"]}], "faults": [{"kind": "status", "status": 500, "scenario": "s", "state": "b"}])")), "/faults/0/state", "no state \"b\""));
  CHECK(has_error(reject(world(svc(), R"("scenarios": [{"id": "s", "states": ["a"], "transitions": [{"from": "a", "to": "z", "after_s": 1}]}])")), "/scenarios/0/transitions/0/to", "no state \"z\""));
  CHECK(has_error(reject(world(svc(), R"("scenarios": [{"id": "s", "states": ["a"], "transitions": [{"from": "a", "to": "a"}]}])")), "/scenarios/0/transitions/0", "after_s"));
  CHECK(has_error(reject(world(svc(), R"("api_keys": [{"name": "k", "key": "a"}, {"name": "k", "key": "b"}])")), "/api_keys/1/name", "duplicate"));
}

TEST_CASE("faults: unknown kind, fields of another kind, negative and out-of-range numbers") {
  auto d = reject(world(svc(), R"("faults": [{"kind": "explode"}])"));
  CHECK(has_error(d, "/faults/0/kind", "unknown fault kind \"explode\""));
  CHECK(has_error(d, "/faults/0/kind", "status, latency, dns"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "dns", "status": 500}])")), "/faults/0/status", "does not apply"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "status"}])")), "/faults/0", "\"status\""));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "status", "status": 500, "probability": 1.5}])")), "/faults/0/probability", "between 0 and 1"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "status", "status": 500, "nth": [0]}])")), "/faults/0/nth/0", "at least 1"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "status", "status": 500, "every": 2.5}])")), "/faults/0/every", "whole number"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "outage", "from_s": 10, "until_s": 5}])")), "/faults/0/until_s", "after from_s"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "outage", "from_s": -1, "until_s": 5}])")), "/faults/0/from_s", "zero or more"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "slow", "bytes_per_s": 0}])")), "/faults/0/bytes_per_s", "above 0"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "outage", "mode": "refused", "status": 500, "from_s": 1}])")), "/faults/0/status", "mode \"status\" only"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "dns", "route": "* /"}])")), "/faults/0/route", "before any route"));
  CHECK(has_error(reject(world(svc(), R"("faults": [{"kind": "latency"}])")), "/faults/0", "\"latency\""));
}

TEST_CASE("rate limits: negative rates and the wrong fields for the algorithm") {
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"limit": 5, "refill_per_s": -1}])"))), "/services/0/rate_limits/0/refill_per_s", "more than 0"));
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"limit": -5, "refill_per_s": 1}])"))), "/services/0/rate_limits/0/limit", "at least 1"));
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"limit": 5}])"))), "/services/0/rate_limits/0", "refill_per_s"));
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"algorithm": "fixed_window", "limit": 5, "refill_per_s": 1, "window_s": 1}])"))), "/services/0/rate_limits/0/refill_per_s", "token_bucket only"));
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"algorithm": "sliding_window", "limit": 5}])"))), "/services/0/rate_limits/0", "window_s"));
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"algorithm": "leaky", "limit": 5}])"))), "/services/0/rate_limits/0/algorithm", "unknown value"));
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"limit": 5, "refill_per_s": 1, "partition": "ip"}])"))), "/services/0/rate_limits/0/partition", "unknown partition"));
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"limit": 5, "refill_per_s": 1, "headers": ["draft"]}])"))), "/services/0/rate_limits/0/headers/0", "unknown header family"));
  CHECK(has_error(reject(world(svc(R"("rate_limits": [{"limit": 5, "refill_per_s": 1, "retry_after": "minutes"}])"))), "/services/0/rate_limits/0/retry_after", "unknown value"));
}

TEST_CASE("auth blocks, OAuth servers and secrets") {
  CHECK(has_error(reject(world(svc(R"("auth": {"type": "magic"})"))), "/services/0/auth/type", "unknown value"));
  CHECK(has_error(reject(world(R"({"id": "o", "host": "o.mock", "kind": "oauth"})")), "/services/0", "\"oauth\""));
  CHECK(has_error(reject(world(R"({"id": "o", "host": "o.mock", "kind": "oauth", "oauth": {"clients": []}})")), "/services/0/oauth/clients", "at least one client"));
  CHECK(has_error(reject(world(R"({"id": "o", "host": "o.mock", "kind": "oauth", "oauth": {"clients": [{"client_id": "a", "client_secret": "b", "grants": ["implicit"]}]}})")), "/services/0/oauth/clients/0/grants/0", "unknown grant"));
  CHECK(has_error(reject(world(R"({"id": "o", "host": "o.mock", "kind": "oauth", "oauth": {"clients": [{"client_id": "a", "client_secret": "b"}], "codes": [{"code": "c", "client_id": "zz", "user": "u"}]}})")), "/services/0/oauth/codes/0/client_id", "no client"));
  CHECK(has_error(reject(world(R"({"id": "o", "host": "o.mock", "kind": "oauth", "oauth": {"access_token_ttl_s": 0, "clients": [{"client_id": "a", "client_secret": "b"}]}})")), "/services/0/oauth/access_token_ttl_s", "more than zero"));
  CHECK(has_error(reject(world(svc(R"("oauth": {})"))), "/services/0/oauth", "\"kind\": \"oauth\""));
  CHECK(has_error(reject(world(svc(), R"("secrets": {"K": 5})")), "/secrets/K", "expected a string"));
  CHECK(has_error(reject(world(svc(), R"("secrets": {"K": [{"from_s": 5, "value": "a"}]})")), "/secrets/K/0/from_s", "start at 0"));
  CHECK(has_error(reject(world(svc(), R"("api_keys": [{"name": "k", "key": "a b"}])")), "/api_keys/0/key", "spaces"));
}

TEST_CASE("every problem is reported in one pass, never by a crash") {
  auto d = reject(R"({"services": [{"id": 1, "host": 2, "routes": 3}, 4], "faults": [{"kind": 5}, "x"], "bogus": true, "network": []})");
  CHECK(d.error_count() >= 7);
  for (const auto& item : d.items()) CHECK(item.file == "lab.json");
}

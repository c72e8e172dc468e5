// Each fault kind, its triggers, and its journal event.
#include "sim/fault_kinds.h"
#include "sim/world_impl.h"
#include "sim_test_util.h"

using namespace fl::sim;
using namespace fl::sim::test;

namespace {

std::string world_with(const std::string& faults, const std::string& extra = "") {
  return R"({"network": {"latency": 10}, "services": [
    {"id": "api", "host": "api.mock", "routes": [
      {"id": "get", "method": "GET", "path": "/x", "responses": [{"json": {"ok": true, "items": [1, 2, 3]}}]},
      {"id": "pay", "method": "POST", "path": "/pay", "effect": {"ledger": "payments"}, "responses": [{"status": 201, "json": {"id": "{{effect.id}}"}}]}]},
    {"id": "other", "host": "other.mock", "routes": [{"path": "/x", "responses": [{"body": "fine"}]}]}
  ], "faults": [)" + faults + "]" + extra + "}";
}

int status_of(World& w, const char* url = "https://api.mock/x") { return fetch(w, req("GET", url)).response.status; }

}  // namespace

TEST_CASE("status: any code, with Retry-After, for the Nth request") {
  World w(make_spec(world_with(R"({"kind": "status", "service": "api", "status": 503, "nth": [2, 3], "retry_after_s": 7})")), 1);
  auto o1 = fetch(w, req("GET", "https://api.mock/x"));
  auto o2 = fetch(w, req("GET", "https://api.mock/x"));
  auto o3 = fetch(w, req("GET", "https://api.mock/x"));
  auto o4 = fetch(w, req("GET", "https://api.mock/x"));
  CHECK(o1.response.status == 200);
  CHECK(o2.response.status == 503);
  CHECK(header(o2, "Retry-After") == "7");
  CHECK(fl::Json::parse(o2.response.body)["error"] == "service_unavailable");
  CHECK(o3.response.status == 503);
  CHECK(o4.response.status == 200);
  CHECK(status_of(w, "https://other.mock/x") == 200);  // other service out of scope
  CHECK(count_kind(w.journal(), EventKind::fault) == 2);
  const Event& f = w.journal()[o2.request_event + 1];
  CHECK(f.kind == EventKind::fault);
  CHECK(w.journal().str(f.name) == "status");
  CHECK(f.code == 503);
  CHECK(f.ref == o2.request_event);
}

TEST_CASE("status: probability, every, first, after, windows, methods, route") {
  SECTION("probability") {
    World w(make_spec(world_with(R"({"kind": "status", "status": 500, "probability": 0.25})")), 9);
    int n = 0;
    for (int i = 0; i < 400; ++i) n += status_of(w) == 500;
    CHECK(n > 70);
    CHECK(n < 130);
  }
  SECTION("every and first and after") {
    World w(make_spec(world_with(R"({"kind": "status", "service": "api", "status": 500, "every": 3},
                                    {"kind": "status", "service": "other", "status": 502, "first": 2},
                                    {"kind": "status", "service": "other", "status": 504, "after": 4})")), 1);
    std::vector<int> a, b;
    for (int i = 0; i < 6; ++i) a.push_back(status_of(w));
    for (int i = 0; i < 6; ++i) b.push_back(status_of(w, "https://other.mock/x"));
    CHECK(a == std::vector<int>{200, 200, 500, 200, 200, 500});
    CHECK(b == std::vector<int>{502, 502, 200, 200, 504, 504});
  }
  SECTION("time windows") {
    World w(make_spec(world_with(R"({"kind": "status", "status": 503, "windows": [{"from_s": 10, "until_s": 20}, {"from_s": 30}]})")), 1);
    CHECK(status_of(w) == 200);
    wait(w, 10 * kMicrosPerSecond);
    CHECK(status_of(w) == 503);
    wait(w, 10 * kMicrosPerSecond);
    CHECK(status_of(w) == 200);
    wait(w, 10 * kMicrosPerSecond);
    CHECK(status_of(w) == 503);
  }
  SECTION("methods and route") {
    World w(make_spec(world_with(R"({"kind": "status", "route": "pay", "methods": ["POST"], "status": 409})")), 1);
    CHECK(status_of(w) == 200);
    CHECK(fetch(w, req("POST", "https://api.mock/pay")).response.status == 409);
  }
}

TEST_CASE("status after_effect: the effect applies but the client sees the error") {
  World w(make_spec(world_with(R"({"kind": "status", "route": "pay", "status": 500, "after_effect": true, "first": 1})")), 1);
  auto o = fetch(w, req("POST", "https://api.mock/pay"));
  CHECK(o.response.status == 500);
  CHECK(w.ledger("payments").size() == 1);
  CHECK(fetch(w, req("POST", "https://api.mock/pay")).response.status == 201);
  CHECK(w.ledger("payments").size() == 2);
}

TEST_CASE("latency: fixed, uniform, lognormal with a cap; spikes by probability") {
  World w(make_spec(world_with(R"({"kind": "latency", "nth": 1, "latency": 500},
                                  {"kind": "latency", "nth": 2, "latency": {"dist": "uniform", "min_ms": 100, "max_ms": 200}},
                                  {"kind": "latency", "nth": 3, "latency": {"dist": "lognormal", "median_ms": 1000, "sigma": 3, "cap_ms": 1500}},
                                  {"kind": "latency", "after": 3, "probability": 0.1, "latency": 2000})")),
          4);
  auto e1 = fetch(w, req("GET", "https://api.mock/x"));
  CHECK(e1.received_at - e1.sent_at == 510 * kMicrosPerMs);
  auto e2 = fetch(w, req("GET", "https://api.mock/x"));
  CHECK(e2.received_at - e2.sent_at >= 110 * kMicrosPerMs);
  CHECK(e2.received_at - e2.sent_at < 210 * kMicrosPerMs);
  auto e3 = fetch(w, req("GET", "https://api.mock/x"));
  CHECK(e3.received_at - e3.sent_at <= 1510 * kMicrosPerMs);
  int spikes = 0;
  for (int i = 0; i < 200; ++i) {
    auto o = fetch(w, req("GET", "https://api.mock/x"));
    spikes += o.received_at - o.sent_at > kMicrosPerSecond;
  }
  CHECK(spikes > 8);
  CHECK(spikes < 35);
}

TEST_CASE("latency beyond the client's timeout becomes a timeout") {
  World w(make_spec(world_with(R"({"kind": "latency", "latency": 3000})")), 1);
  auto o = fetch(w, req("GET", "https://api.mock/x"), 1 * kMicrosPerSecond);
  REQUIRE(o.error);
  CHECK(o.error->kind == NetErrorKind::timeout);
  CHECK(o.received_at - o.sent_at == kMicrosPerSecond);
  const Event& e = w.journal()[o.result_event];
  CHECK(e.kind == EventKind::net_error);
  CHECK(w.journal().str(e.name) == "timeout");
}

TEST_CASE("dns and refused fail fast without reaching the server") {
  World w(make_spec(world_with(R"({"kind": "dns", "service": "api", "first": 1}, {"kind": "refused", "service": "api", "nth": 2, "message": "ECONNREFUSED"})")), 1);
  auto o1 = fetch(w, req("POST", "https://api.mock/pay"));
  REQUIRE(o1.error);
  CHECK(o1.error->kind == NetErrorKind::dns);
  CHECK(o1.received_at - o1.sent_at == 5 * kMicrosPerMs);
  auto o2 = fetch(w, req("POST", "https://api.mock/pay"));
  REQUIRE(o2.error);
  CHECK(o2.error->kind == NetErrorKind::refused);
  CHECK(o2.error->message == "ECONNREFUSED");
  CHECK(w.ledger("payments").empty());
}

TEST_CASE("reset before or after the server acted") {
  World w(make_spec(world_with(R"({"kind": "reset", "route": "pay", "nth": 1}, {"kind": "reset", "route": "pay", "nth": 2, "after_effect": true})")), 1);
  auto o1 = fetch(w, req("POST", "https://api.mock/pay"));
  REQUIRE(o1.error);
  CHECK(o1.error->kind == NetErrorKind::reset);
  CHECK(w.ledger("payments").empty());
  auto o2 = fetch(w, req("POST", "https://api.mock/pay"));
  REQUIRE(o2.error);
  CHECK(o2.error->kind == NetErrorKind::reset);
  CHECK(w.ledger("payments").size() == 1);  // charged, but the client never heard
}

TEST_CASE("hang: the client waits until its timeout; without one, forever") {
  World w(make_spec(world_with(R"({"kind": "hang", "service": "api"})")), 1);
  auto o = fetch(w, req("GET", "https://api.mock/x"), 4 * kMicrosPerSecond);
  REQUIRE(o.error);
  CHECK(o.error->kind == NetErrorKind::timeout);
  CHECK(o.received_at - o.sent_at == 4 * kMicrosPerSecond);
  bool called = false;
  w.send(req("GET", "https://api.mock/x"), {}, 0, [&](Outcome) { called = true; });
  w.run_until_idle();
  CHECK_FALSE(called);
}

TEST_CASE("slow: the body trickles at bytes_per_s") {
  World w(make_spec(world_with(R"({"kind": "slow", "bytes_per_s": 10, "latency": 100})")), 1);
  auto o = fetch(w, req("GET", "https://api.mock/x"));
  REQUIRE(o.ok());
  Micros expected = 10 * kMicrosPerMs + 100 * kMicrosPerMs + from_seconds(static_cast<double>(o.response.body.size()) / 10);
  CHECK(o.received_at - o.sent_at == expected);
}

TEST_CASE("empty and malformed bodies") {
  World w(make_spec(world_with(R"({"kind": "empty_body", "nth": 1}, {"kind": "malformed_body", "nth": 2})")), 1);
  auto o1 = fetch(w, req("GET", "https://api.mock/x"));
  CHECK(o1.response.status == 200);
  CHECK(o1.response.body.empty());
  auto o2 = fetch(w, req("GET", "https://api.mock/x"));
  CHECK(o2.response.status == 200);
  CHECK(fl::Json::parse(o2.response.body, nullptr, false).is_discarded());
  auto o3 = fetch(w, req("GET", "https://api.mock/x"));
  CHECK_FALSE(fl::Json::parse(o3.response.body, nullptr, false).is_discarded());
}

TEST_CASE("outage: a time window of 503s (or refused, hang, reset)") {
  World w(make_spec(world_with(R"({"kind": "outage", "service": "api", "from_s": 60, "until_s": 120, "retry_after_s": 30, "retry_after_format": "http_date"},
                                  {"kind": "outage", "service": "other", "from_s": 60, "until_s": 120, "mode": "refused"})")), 1);
  CHECK(status_of(w) == 200);
  wait(w, 60 * kMicrosPerSecond);
  auto o = fetch(w, req("GET", "https://api.mock/x"));
  CHECK(o.response.status == 503);
  CHECK(header(o, "Retry-After") == "Thu, 01 Jan 2026 00:01:31 GMT");
  auto o2 = fetch(w, req("GET", "https://other.mock/x"));
  REQUIRE(o2.error);
  CHECK(o2.error->kind == NetErrorKind::refused);
  wait(w, 60 * kMicrosPerSecond);
  CHECK(status_of(w) == 200);
  CHECK(status_of(w, "https://other.mock/x") == 200);
}

TEST_CASE("every fault kind has a name, a parser entry and a handler") {
  for (int k = 0; k < kFaultKindCount; ++k) {
    auto kind = static_cast<FaultKind>(k);
    INFO(to_string(kind));
    CHECK(fault_kind_from_string(to_string(kind)) == kind);
    CHECK(fault_handler(kind) != nullptr);
    CHECK_FALSE(fault_takes_field(kind, "service"));  // trigger fields are the parser's
  }
  CHECK_FALSE(fault_kind_from_string("explode"));
  CHECK(fault_takes_field(FaultKind::slow, "bytes_per_s"));
  CHECK_FALSE(fault_takes_field(FaultKind::latency, "bytes_per_s"));
  CHECK(fault_precedes_routing(FaultKind::dns));
  CHECK_FALSE(fault_precedes_routing(FaultKind::outage));
}

TEST_CASE("a fault's parameters are its kind's alternative") {
  auto spec = std::make_optional(make_spec(world_with(R"({"kind": "status", "status": 429, "retry_after_s": 2},
    {"kind": "slow", "bytes_per_s": 100}, {"kind": "outage", "mode": "reset", "from_s": 1, "until_s": 2})")));
  REQUIRE(spec->faults.size() == 3);
  const auto& status = std::get<StatusFault>(spec->faults[0].params);
  CHECK(status.answer.status == 429);
  CHECK(status.answer.retry_after == 2 * kMicrosPerSecond);
  CHECK(spec->faults[0].answer() == &status.answer);
  CHECK(std::get<DelayFault>(spec->faults[1].params).bytes_per_s == 100);
  CHECK(spec->faults[1].answer() == nullptr);
  CHECK(std::get<OutageFault>(spec->faults[2].params).mode == OutageMode::reset);
}

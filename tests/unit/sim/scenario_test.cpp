// Stateful scenarios: timed and request-count transitions driving routes and faults.
#include "sim_test_util.h"

using namespace fl::sim;
using namespace fl::sim::test;

namespace {
const char* kScenarioWorld = R"({"network": {"latency": 0},
  "scenarios": [{"id": "incident", "states": ["healthy", "degraded", "down", "recovered"], "initial": "healthy",
                 "services": ["api"],
                 "transitions": [{"from": "healthy", "to": "degraded", "after_requests": 3},
                                 {"from": "degraded", "to": "down", "after_s": 10},
                                 {"from": "down", "to": "recovered", "after_s": 30},
                                 {"from": "down", "to": "recovered", "after_requests": 100}]}],
  "services": [{"id": "api", "host": "api.mock", "routes": [
      {"id": "v2", "path": "/x", "scenario": "incident", "state": "recovered", "responses": [{"body": "v2"}]},
      {"id": "v1", "path": "/x", "responses": [{"body": "v1"}]}]},
    {"id": "other", "host": "other.mock", "routes": [{"path": "/", "responses": [{}]}]}],
  "faults": [{"kind": "status", "service": "api", "status": 503, "scenario": "incident", "state": "down"},
             {"kind": "latency", "service": "api", "scenario": "incident", "state": ["degraded"], "latency": 800}]})";

Outcome get_x(World& w) { return fetch(w, req("GET", "https://api.mock/x")); }
}  // namespace

TEST_CASE("request-count and timed transitions change what the service does") {
  World w(make_spec(kScenarioWorld), 1);
  CHECK(w.scenario_state("incident") == "healthy");
  for (int i = 0; i < 3; ++i) CHECK(get_x(w).response.body == "v1");
  fetch(w, req("GET", "https://other.mock/"));  // other services do not count
  CHECK(w.scenario_state("incident") == "degraded");
  auto slow = get_x(w);
  CHECK(slow.received_at - slow.sent_at == 800 * kMicrosPerMs);
  w.run_until(10 * kMicrosPerSecond + 800 * kMicrosPerMs);
  CHECK(w.scenario_state("incident") == "down");
  CHECK(get_x(w).response.status == 503);
  wait(w, 30 * kMicrosPerSecond);
  CHECK(w.scenario_state("incident") == "recovered");
  CHECK(get_x(w).response.body == "v2");
  // Each transition is journalled with the state it left.
  const Journal& j = w.journal();
  std::vector<std::string> seen;
  for (EventId id = 1; id <= j.size(); ++id)
    if (j[id].kind == EventKind::scenario) seen.push_back(std::string(j.text(j[id])) + ">" + std::string(j.str(j[id].value)));
  CHECK(seen == std::vector<std::string>{"healthy>degraded", "degraded>down", "down>recovered"});
}

TEST_CASE("the transition timer starts when the state is entered") {
  World w(make_spec(kScenarioWorld), 1);
  wait(w, 100 * kMicrosPerSecond);  // nothing happens in "healthy" without requests
  CHECK(w.scenario_state("incident") == "healthy");
  for (int i = 0; i < 3; ++i) get_x(w);
  wait(w, 9 * kMicrosPerSecond);
  CHECK(w.scenario_state("incident") == "degraded");
  wait(w, 1 * kMicrosPerSecond);
  CHECK(w.scenario_state("incident") == "down");
}

// Same seed, same journal; different seed, different journal where randomness is used;
// slicing a run gives exactly the journal of the whole run.
#include <functional>
#include <vector>

#include "sim_test_util.h"

using namespace fl::sim;
using namespace fl::sim::test;
#define GOLDEN_WORLD_DIGEST "fnv1a64:2c840843be6b86ef"

namespace {

const char* kDeterminismWorld = R"({
  "network": {"latency": {"dist": "lognormal", "median_ms": 40, "sigma": 0.6, "cap_ms": 2000}},
  "services": [{"id": "api", "host": "api.mock",
    "routes": [{"id": "x", "path": "/x", "mode": "weighted", "responses": [{"json": {"id": "{{uuid}}"}, "weight": 3}, {"status": 500, "weight": 1}]},
               {"id": "pay", "method": "POST", "path": "/pay", "effect": {"ledger": "pay"}, "responses": [{"status": 201}]}],
    "rate_limits": [{"id": "rl", "limit": 5, "refill_per_s": 5, "partition": "client", "headers": ["x-ratelimit", "ietf"]}]}],
  "faults": [{"kind": "status", "status": 503, "probability": 0.1},
             {"kind": "reset", "probability": 0.05, "after_effect": true},
             {"kind": "latency", "probability": 0.1, "latency": {"dist": "exponential", "mean_ms": 500, "cap_ms": 3000}}]})";

// Three agents retrying with backoff; each request chains the next from its callback.
struct Agent {
  World* w = nullptr;
  ClientInfo client;
  int id = 0;
  int remaining = 40;

  void next() {
    if (remaining-- <= 0) return;
    Request r = req(remaining % 4 == 0 ? "POST" : "GET", remaining % 4 == 0 ? "https://api.mock/pay" : "https://api.mock/x");
    if (remaining % 8 == 0) {
      // Appended piece by piece: GCC 12 misreports a chain of operator+ here (-Wstringop-overflow).
      std::string key = "k";
      key += std::to_string(id);
      key += '-';
      key += std::to_string(remaining);
      r.headers.add("Idempotency-Key", key);
    }
    w->send(std::move(r), client, 1500 * kMicrosPerMs, [this](Outcome o) {
      Micros backoff = o.ok() && o.response.status < 400 ? 50 * kMicrosPerMs : 400 * kMicrosPerMs;
      EventInput note;
      note.kind = EventKind::log;
      note.name = w->intern(o.ok() ? "info" : "warn");
      std::string text = o.ok() ? "status " + std::to_string(o.response.status) : o.error->message;
      note.text = text;
      w->record(note);
      w->schedule_after(backoff, [this] { next(); });
    });
  }
};

void drive(World& w, const std::function<bool(World&)>& runner) {
  std::vector<Agent> agents(3);
  for (int a = 0; a < 3; ++a) {
    agents[a].w = &w;
    agents[a].client = w.client("agent-" + std::to_string(a));
    agents[a].id = a;
    Agent* agent = &agents[a];
    w.schedule(a * 7 * kMicrosPerMs, [agent] { agent->next(); });
  }
  while (!runner(w)) {
  }
}

std::string run_digest(std::uint64_t seed, std::size_t slice) {
  World w(make_spec(kDeterminismWorld), seed);
  drive(w, [slice](World& world) { return world.step(slice); });
  return w.journal().digest();
}

}  // namespace

TEST_CASE("the same seed gives the same digest") {
  std::string a = run_digest(42, SIZE_MAX), b = run_digest(42, SIZE_MAX);
  CHECK(a == b);
  CHECK(a.rfind("fnv1a64:", 0) == 0);
}

TEST_CASE("a different seed gives a different digest when randomness is used") {
  CHECK(run_digest(42, SIZE_MAX) != run_digest(43, SIZE_MAX));
}

TEST_CASE("slicing a run gives the same journal as running it whole") {
  std::string whole = run_digest(7, SIZE_MAX);
  CHECK(run_digest(7, 1) == whole);
  CHECK(run_digest(7, 3) == whole);
  CHECK(run_digest(7, 64) == whole);
}

TEST_CASE("a deterministic world gives the same digest for every seed") {
  const char* fixed = R"({"services": [{"id": "e", "host": "e.mock", "routes": [{"path": "/", "responses": [{"body": "x"}]}]}]})";
  auto digest = [&](std::uint64_t seed) {
    World w(make_spec(fixed), seed);
    fetch(w, req("GET", "https://e.mock/"));
    fetch(w, req("GET", "https://e.mock/"));
    return w.journal().digest();
  };
  CHECK(digest(1) == digest(2));
}

TEST_CASE("golden digest: the journal format and the generator are frozen (native == wasm)") {
  // If this changes, every recorded trace digest changes: update it deliberately.
  CHECK(run_digest(2026, SIZE_MAX) == GOLDEN_WORLD_DIGEST);
}

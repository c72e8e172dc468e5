// Sandbox::crash_agent: an agent killed mid-flight and started again with a fresh Lua state.
// Its tasks stop, answers on their way are dropped, the items it held go back to the queue
// (first, marked redelivered), the store survives, and the same run is the same however it
// is sliced.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;
using Catch::Contains;

namespace {

const char* kWorker = R"(
local handled = 0    -- lost at the crash
function main(ctx)
  print("start", store.get("runs") or 0, math.random(1000))
  store.put("runs", (store.get("runs") or 0) + 1)
  local workers = {}
  for w = 1, 2 do
    workers[w] = task.spawn(function()
      for item in ctx.next do
        local res = http.request{ url = "https://api.mock/" .. item.id, timeout = 5 }
        handled = handled + 1
        ctx.done(item, { redelivered = item.redelivered or false, handled = handled })
      end
    end)
  end
  task.all(workers)
end
)";

Config worker_config() {
  Config c = config_for(kWorker);
  for (int i = 1; i <= 5; ++i) c.workload.push_back({"it-" + std::to_string(i), 0, "", "{}"});
  return c;
}

std::unique_ptr<Run> crashed_run(std::int64_t slice) {
  return run_code(
      worker_config(),
      [](FakeHost& h) {
        h.service = [](const Request&) {
          Reply rep;
          rep.latency_us = 1'000'000;  // 1 s per request: two in flight at t = 1.5 s
          return rep;
        };
        h.at(1'500'000, [&h] { CHECK(h.sandbox->crash_agent(1, 3'000'000, "test crash")); });
      },
      slice);
}

}  // namespace

TEST_CASE("a crash stops the agent's tasks, hands its items back and restarts it fresh", "[sandbox][crash]") {
  auto r = crashed_run(200'000);
  INFO(r->result.message);
  REQUIRE(r->result.status == Status::completed);
  // Two workers took it-1 and it-2 (done at t = 1 s), then it-3 and it-4 (in flight at 1.5 s).
  REQUIRE(r->host.agents.size() == 4);
  CHECK(r->host.agents[0] == "1 started");
  CHECK(r->host.agents[1] == "1 crashed: test crash; 3 tasks stopped, 2 work items handed back to the queue");
  CHECK(r->host.agents[2] == "1 restarted");
  CHECK(r->host.agents[3] == "1 finished");
  CHECK(r->host.handed_back == std::vector<std::string>{"agent-1 it-3", "agent-1 it-4"});
  // The store survived (runs = 1), globals did not (handled starts again), and the restarted
  // agent draws another random stream.
  REQUIRE(r->host.logs.size() == 2);
  CHECK_THAT(r->host.logs[0], Catch::StartsWith("info start\t0\t"));
  CHECK_THAT(r->host.logs[1], Catch::StartsWith("info start\t1\t"));
  CHECK(r->host.logs[0].substr(13) != r->host.logs[1].substr(13));
  // Handed-back items come first after the restart, marked; every item has one outcome.
  REQUIRE(r->host.outcomes.size() == 5);
  CHECK(r->host.outcomes[0] == R"(it-1 done {"handled":1,"redelivered":false})");
  CHECK(r->host.outcomes[2] == R"(it-3 done {"handled":1,"redelivered":true})");
  CHECK(r->host.outcomes[3] == R"(it-4 done {"handled":2,"redelivered":true})");
  CHECK(r->host.outcomes[4] == R"(it-5 done {"handled":3,"redelivered":false})");
  // The requests sent before the crash still went out (the server acted on them).
  CHECK(r->host.requests.size() == 7);
}

TEST_CASE("a crashed run is the same whatever the slicing", "[sandbox][crash]") {
  auto a = crashed_run(200'000);
  for (std::int64_t slice : {1, 7, 1000}) {
    auto b = crashed_run(slice);
    CHECK(b->host.agents == a->host.agents);
    CHECK(b->host.logs == a->host.logs);
    CHECK(b->host.outcomes == a->host.outcomes);
    CHECK(b->host.handed_back == a->host.handed_back);
  }
}

TEST_CASE("crash_agent refuses an agent that is not running", "[sandbox][crash]") {
  Config c = config_for("function main(ctx) time.sleep(1) end");
  c.agents = 2;
  c.agent_start_us = {0, 5'000'000};
  bool before_start = true, after_finish = true, unknown = true, twice = false;
  auto r = run_code(std::move(c), [&](FakeHost& h) {
    h.at(500'000, [&] {
      before_start = h.sandbox->crash_agent(2, 600'000, "x");  // agent 2 starts at 5 s
      unknown = h.sandbox->crash_agent(3, 600'000, "x");
      CHECK(h.sandbox->crash_agent(1, 2'000'000, "first"));
      twice = h.sandbox->crash_agent(1, 2'000'000, "again");  // already down
    });
    h.at(3'500'000, [&] { after_finish = h.sandbox->crash_agent(1, 4'000'000, "x"); });  // finished at 3 s
  });
  INFO(r->result.message);
  CHECK(r->result.status == Status::completed);
  CHECK_FALSE(before_start);
  CHECK_FALSE(unknown);
  CHECK_FALSE(twice);
  CHECK_FALSE(after_finish);
}

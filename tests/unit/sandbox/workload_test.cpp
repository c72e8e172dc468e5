// The workload through main(ctx): items arriving over time, shared by agents, each ending
// with exactly one reported outcome.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;

namespace {
Config with_items(std::string code, int agents = 1) {
  Config c = config_for(std::move(code));
  c.agents = agents;
  c.require_main = true;
  c.workload = {
      {"q-1", 0, "urgent", R"({"amount": 10})"},
      {"q-2", 1'000'000, "batch", R"({"amount": 20})"},
      {"q-3", 1'000'000, "batch", R"({"amount": 30})"},
      {"q-4", 5'000'000, "urgent", R"({"amount": 40, "tags": ["a"]})"},
  };
  c.params_json = R"({"base_url": "https://pay.mock"})";
  return c;
}
}  // namespace

TEST_CASE("ctx.next hands out items as they arrive, then nil") {
  auto r = run_code(with_items(R"(
    function main(ctx)
      print(ctx.params.base_url, ctx:remaining())
      for item in ctx.next do
        print(item.id, item.priority, item.amount, item.arrived_at, time.now())
        ctx.done(item)
      end
      print("end", time.now(), ctx.remaining())
    end
  )"));
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.logs == std::vector<std::string>{
                            "info https://pay.mock\t4", "info q-1\turgent\t10\t0.0\t0.0",
                            "info q-2\tbatch\t20\t1.0\t1.0", "info q-3\tbatch\t30\t1.0\t1.0",
                            "info q-4\turgent\t40\t5.0\t5.0", "info end\t5.0\t0"});
  CHECK(r->host.outcomes == std::vector<std::string>{"q-1 done", "q-2 done", "q-3 done", "q-4 done"});
}

TEST_CASE("outcomes carry reasons and details; misuse is explained") {
  auto r = run_code(with_items(R"(
    function main(ctx)
      local a, b, c, d = ctx.next(), ctx.next(), ctx.next(), ctx.next()
      ctx.fallback(a, "stale_cache", { age_s = 30 })
      ctx.escalate(b.id, "forbidden")
      ctx:dead_letter(c, "http_422")
      print(pcall(ctx.done, a))
      print(pcall(ctx.done, "nope"))
      print(pcall(ctx.fallback, d))
      ctx.done(d, { note = "ok" })
    end
  )"));
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.outcomes == std::vector<std::string>{"q-1 fallback: stale_cache {\"age_s\":30}",
                                                     "q-2 escalated: forbidden", "q-3 dead_letter: http_422",
                                                     "q-4 done {\"note\":\"ok\"}"});
  REQUIRE(r->host.logs.size() == 3);
  CHECK(r->host.logs[0] == "info false\tsolution.lua:7: ctx.done: work item 'q-1' already has an outcome (fallback)");
  CHECK(r->host.logs[1] == "info false\tsolution.lua:8: ctx.done: no work item has the id 'nope'");
  CHECK(r->host.logs[2] ==
        "info false\tsolution.lua:9: ctx.fallback needs a reason as its second argument (a short string such as "
        "\"http_422\"), got no value");
}

TEST_CASE("agents share the workload, first come first served") {
  auto r = run_code(with_items(R"(
    function main(ctx)
      while true do
        local item = ctx.next()
        if not item then break end
        time.sleep(1.5)   -- slow work: the other agent takes what arrives meanwhile
        ctx.done(item)
      end
    end
  )",
                               2));
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.taken == std::vector<std::string>{"agent-1 q-1", "agent-2 q-2", "agent-1 q-3", "agent-2 q-4"});
  CHECK(r->host.outcomes.size() == 4);
}

TEST_CASE("an item can only be reported by the agent that took it") {
  auto r = run_code(with_items(R"(
    function main(ctx)
      if ctx.agent == 2 then time.sleep(0.5) print(pcall(ctx.done, "q-1")) end
      local item = ctx.poll()
      if item then ctx.done(item) end
    end
  )",
                               2));
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.logs == std::vector<std::string>{
                            "info false\tsolution.lua:3: ctx.done: work item 'q-1' was not handed to this agent "
                            "(ctx.next gives items out)"});
}

TEST_CASE("a lab that calls main(ctx) requires it") {
  auto r = run_code(with_items("print('no main')"));
  CHECK(r->result.status == Status::error);
  CHECK(r->result.message == "solution.lua does not define function main(ctx), which this lab calls");
  auto r2 = run_code(with_items("main = 42"));
  CHECK(r2->result.message == "main must be a function (function main(ctx) ... end), got number");
}

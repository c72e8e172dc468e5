// Limits that explain themselves: which limit, its value, what filled it and the learner line
// most responsible; tasks stopped when main returns are reported with their spawn lines.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;
using Catch::Contains;

TEST_CASE("the journal limit names what filled it and the line most responsible", "[sandbox][limits]") {
  Config c = config_for(
      "local n = 0\n"
      "while true do\n"
      "  time.sleep(0)\n"
      "  n = n + 1\n"
      "  if n % 100 == 0 then log.info('tick') end\n"
      "end\n");
  c.limits.journal_events = 500;
  auto r = run_code(std::move(c));
  REQUIRE(r->result.status == Status::limit);
  CHECK(r->result.limit == "journal");
  CHECK(r->result.line == 3);
  CHECK_THAT(r->result.message, Contains("more than 500 events"));
  CHECK_THAT(r->result.message, Contains("events were sleeps of 0 s at line 3 of solution.lua (time.sleep(0) lets "
                                         "other tasks run but lets no time pass"));
}

TEST_CASE("the tasks limit says where the live tasks were spawned", "[sandbox][limits]") {
  Config c = config_for(
      "for i = 1, 100 do\n"
      "  task.spawn(function() time.sleep(10) end)\n"
      "end\n");
  c.limits.tasks = 50;
  auto r = run_code(std::move(c));
  REQUIRE(r->result.status == Status::limit);
  CHECK(r->result.limit == "tasks");
  CHECK_THAT(r->result.message, Contains("solution.lua:2: more than 50 tasks alive at once (task.spawn in a loop?): 49 "
                                         "were spawned at line 2; a task counts until its function returns"));
}

TEST_CASE("tasks still running when main returns are stopped, and the agent says so", "[sandbox][tasks]") {
  auto r = run_code(
      "for i = 1, 2 do task.spawn(function() time.sleep(5) end) end\n"
      "task.spawn(function() time.sleep(5) end)\n"
      "local done = task.spawn(function() end)\n"
      "time.sleep(0)\n");
  REQUIRE(r->result.status == Status::completed);
  REQUIRE_FALSE(r->host.agents.empty());
  CHECK(r->host.agents.back() ==
        "1 finished: main returned while 3 tasks it started were still running; they were stopped (2 were spawned at "
        "line 1, 1 spawned at line 2 of solution.lua). Wait for them with task.wait or task.all before main returns.");
  auto quiet = run_code("local t = task.spawn(function() time.sleep(1) end)\nt:wait()\n");
  REQUIRE(quiet->result.status == Status::completed);
  CHECK(quiet->host.agents.back() == "1 finished");
}

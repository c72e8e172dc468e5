// task.spawn / task.wait / task.done / task.all: concurrency inside one agent.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;

TEST_CASE("spawned tasks run concurrently in virtual time and return results") {
  auto r = run_code(R"(
    function main(ctx)
      local t0 = time.now()
      local a = task.spawn(function(x) time.sleep(2) return x * 2, "a" end, 21)
      local b = task.spawn(function() time.sleep(1) return "b" end)
      print(task.done(a), tostring(a))
      local x, name = task.wait(a)
      print(x, name, task.wait(b), time.now() - t0, task.done(a), b:done())
      print(task.wait(a))  -- again: the same results
    end
  )");
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.logs == std::vector<std::string>{"info false\ttask#2", "info 42\ta\tb\t2.0\ttrue\ttrue", "info 42\ta"});
}

TEST_CASE("tasks interleave in FIFO order at equal virtual times") {
  auto r = run_code(R"(
    for i = 1, 3 do
      task.spawn(function() for k = 1, 2 do print("t" .. i, k) time.sleep(1) end end)
    end
    time.sleep(10)
  )");
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.logs == std::vector<std::string>{"info t1\t1", "info t2\t1", "info t3\t1", "info t1\t2",
                                                 "info t2\t2", "info t3\t2"});
}

TEST_CASE("task.all waits for a list") {
  auto r = run_code(R"(
    local ts = {}
    for i = 1, 4 do ts[i] = task.spawn(function() time.sleep(5 - i) return i * i end) end
    local rs = task.all(ts)
    print(table.concat(rs, ","), time.now())
  )");
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.logs == std::vector<std::string>{"info 1,4,9,16\t4.0"});
}

TEST_CASE("an uncaught error in a spawned task ends the run with its line") {
  auto r = run_code("task.spawn(function()\n  time.sleep(1)\n  error('boom')\nend)\ntime.sleep(5)\nprint('unreached')");
  CHECK(r->result.status == Status::error);
  CHECK(r->result.message == "solution.lua:3: boom");
  CHECK(r->result.line == 3);
  CHECK(r->host.logs.empty());
}

TEST_CASE("when main returns, the agent's other tasks stop") {
  auto r = run_code(R"(
    function main(ctx)
      task.spawn(function() while true do time.sleep(1) print("tick") end end)
      time.sleep(2.5)
      print("main done")
    end
  )");
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.logs == std::vector<std::string>{"info tick", "info tick", "info main done"});
}

TEST_CASE("task misuse and deadlocks are explained") {
  auto r = run_code("task.wait(42)");
  CHECK(r->result.message == "solution.lua:1: task.wait expects a task (the value task.spawn returned), got number");
  auto r2 = run_code("task.spawn('f')");
  CHECK(r2->result.message == "solution.lua:1: task.spawn expects a function as its first argument, got string");
  auto r3 = run_code(R"(
    local b
    local a = task.spawn(function() time.sleep(1) task.wait(b) end)
    b = task.spawn(function() task.wait(a) end)
    task.wait(a)
  )");
  CHECK(r3->result.status == Status::error);
  CHECK(r3->result.message.find("deadlock: agent-1 main is waiting for task.wait(task#2) at solution.lua:5") == 0);
}

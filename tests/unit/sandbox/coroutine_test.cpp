// Learner coroutines: blocking inside them suspends the whole task transparently; raw
// yields at a task's top level and resuming someone else's wait are refused clearly.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;

TEST_CASE("a blocking call inside a learner coroutine works as if the task made it") {
  auto r = run_code(R"(
    local gen = coroutine.wrap(function()
      for i = 1, 3 do
        local res = http.request{ url = "https://x.mock/" .. i }
        coroutine.yield(res.status, time.now())
      end
    end)
    for i = 1, 3 do print(gen()) end
    local co = coroutine.create(function(a) time.sleep(a) return "slept", coroutine.yield(1) end)
    print(coroutine.resume(co, 2))
    print(coroutine.resume(co, "x"))
    print(coroutine.status(co), time.now())
  )");
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.logs == std::vector<std::string>{"info 200\t0.01", "info 200\t0.02", "info 200\t0.03",
                                                 "info true\t1", "info true\tslept\tx", "info dead\t2.03"});
}

TEST_CASE("nested coroutines, pcall and other tasks all around a blocking call") {
  auto r = run_code(R"(
    local other = task.spawn(function() for i = 1, 3 do print("other", i) time.sleep(0.01) end end)
    local outer = coroutine.wrap(function()
      local inner = coroutine.wrap(function()
        local ok, res = pcall(http.request, { url = "https://x.mock/deep" })
        coroutine.yield(ok and res.status)
      end)
      coroutine.yield(inner())
    end)
    print("deep", outer())
    task.wait(other)
  )");
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.logs ==
        std::vector<std::string>{"info other\t1", "info deep\t200", "info other\t2", "info other\t3"});
}

TEST_CASE("coroutine.yield at a task's top level is an error that points to the fix") {
  auto r = run_code("function main(ctx)\n  coroutine.yield(1)\nend");
  CHECK(r->result.status == Status::error);
  CHECK(r->result.message ==
        "solution.lua:2: coroutine.yield called outside a coroutine: a task cannot yield by itself (use time.sleep to "
        "wait, or task.spawn for concurrency)");
  auto r2 = run_code("print(coroutine.isyieldable(), coroutine.wrap(function() return coroutine.isyieldable() end)())");
  CHECK(r2->host.logs == std::vector<std::string>{"info false\ttrue"});
}

TEST_CASE("a coroutine waiting inside a blocking call cannot be resumed by another task") {
  auto r = run_code(R"(
    local co = coroutine.create(function() time.sleep(5) return "done" end)
    task.spawn(function()
      time.sleep(1)
      print(coroutine.status(co), coroutine.resume(co))
      print(pcall(coroutine.close, co))
    end)
    print(coroutine.resume(co))
    print(coroutine.resume(coroutine.running()))
  )");
  INFO(r->result.summary());
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 4);
  CHECK(r->host.logs[0] ==
        "info suspended\tfalse\tcannot resume a coroutine that is waiting inside a blocking call (http.request, "
        "time.sleep, ...): it continues by itself when the wait is over");
  CHECK(r->host.logs[1] ==
        "info false\tsolution.lua:6: coroutine.close: cannot close a coroutine that is waiting inside a blocking call");
  CHECK(r->host.logs[2] == "info true\tdone");
  CHECK(r->host.logs[3] == "info false\tcannot resume a task's own coroutine (use task.wait to wait for a task)");
}

TEST_CASE("errors inside wrapped coroutines keep their position") {
  auto r = run_code("local f = coroutine.wrap(function()\n  error('inner')\nend)\nf()");
  CHECK(r->result.status == Status::error);
  CHECK(r->result.message == "solution.lua:4: solution.lua:2: inner");
}

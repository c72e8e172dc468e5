// Running code: the chunk, main(ctx), completion, and errors in the learner's terms.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;

TEST_CASE("a chunk runs and logs through print and log") {
  auto r = run_code("print('hello', 1, true)\nlog.info('x', { a = 1, b = 'two' })\n");
  INFO(r->result.summary());
  CHECK(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 2);
  CHECK(r->host.logs[0] == "info hello\t1\ttrue");
  CHECK(r->host.logs[1] == "info x {\"a\":1,\"b\":\"two\"}");
}

TEST_CASE("main(ctx) is called after the chunk") {
  auto r = run_code("local x = 1\nfunction main(ctx) print('main', x, ctx.agent, ctx.agents) end\nx = 2\n");
  INFO(r->result.summary());
  CHECK(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 1);
  CHECK(r->host.logs[0] == "info main\t2\t1\t1");
}

TEST_CASE("a runtime error carries the learner's line and a traceback of learner frames") {
  auto r = run_code(
      "local function fetch()\n"           // 1
      "  local res = nil\n"                // 2
      "  return res.status\n"              // 3
      "end\n"                              // 4
      "function main(ctx)\n"               // 5
      "  fetch()\n"                        // 6
      "end\n");                            // 7
  CHECK(r->result.status == Status::error);
  CHECK(r->result.message == "solution.lua:3: attempt to index a nil value (local 'res')");
  CHECK(r->result.line == 3);
  CHECK(r->result.traceback == "solution.lua:3: in function 'fetch'\nsolution.lua:6: in function 'main'");
}

TEST_CASE("a syntax error ends the run with the line") {
  auto r = run_code("local x = = 1\n");
  CHECK(r->result.status == Status::error);
  CHECK(r->result.message == "solution.lua:1: unexpected symbol near '='");
  CHECK(r->result.line == 1);
}

// time, log, print, metrics, trace and secrets.
#include <catch2/catch.hpp>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;

TEST_CASE("time.sleep advances virtual time only") {
  auto r = run_code("print(time.now())\ntime.sleep(1.5)\nprint(time.now())\ntime.sleep(0)\nprint(os.clock(), os.time())");
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 3);
  CHECK(r->host.logs[0] == "info 0.0");
  CHECK(r->host.logs[1] == "info 1.5");
  CHECK(r->host.logs[2] == "info 1.5\t1");
  CHECK(r->host.sleeps == std::vector<std::int64_t>{1'500'000, 0});
}

TEST_CASE("time.sleep rounds up to the microsecond, so sleep-until loops make progress") {
  // Durations under half a microsecond used to round to 0 (the clock never moved) and others
  // could end up to 0.5 us early.
  auto r = run_code(R"(
    time.sleep(1e-9)
    print(time.now())
    time.sleep(0.0000014)
    print(time.now() * 1e6)
    -- A token bucket that sleeps exactly until the next token: 1/3 of a token per us.
    local rate, tokens, last, sent = 333333.3, 0, time.now(), 0
    local function refill()
      local now = time.now()
      tokens = math.min(1, tokens + (now - last) * rate)
      last = now
    end
    for _ = 1, 5 do
      while tokens < 1 do time.sleep((1 - tokens) / rate); refill() end
      tokens = tokens - 1
      sent = sent + 1
    end
    -- Sleep until a deadline that is not a whole microsecond.
    local deadline = time.now() + 0.0100004
    local naps = 0
    while time.now() < deadline do time.sleep(deadline - time.now()); naps = naps + 1 end
    print(sent, naps, time.now() >= deadline)
  )");
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 3);
  CHECK(r->host.logs[0] == "info 1e-06");
  CHECK(r->host.logs[1] == "info 3.0");
  CHECK(r->host.logs[2] == "info 5\t1\ttrue");
  REQUIRE(r->host.sleeps.size() >= 3);
  CHECK(r->host.sleeps[0] == 1);
  CHECK(r->host.sleeps[1] == 2);
  for (auto d : r->host.sleeps) CHECK(d > 0);
}

TEST_CASE("time.sleep rejects what is not a duration") {
  struct Case {
    const char* code;
    const char* message;
  };
  Case cases[] = {
      {"time.sleep(-1)", "solution.lua:1: time.sleep expects a number of seconds >= 0, got -1"},
      {"time.sleep(0/0)", "solution.lua:1: time.sleep expects a number of seconds, got NaN"},
      {"time.sleep(math.huge)", "solution.lua:1: time.sleep expects a finite number of seconds, got inf"},
      {"time.sleep('1')", "solution.lua:1: time.sleep expects a number of seconds, got string"},
  };
  for (const auto& c : cases) {
    auto r = run_code(c.code);
    INFO(c.code);
    CHECK(r->result.status == Status::error);
    CHECK(r->result.message == c.message);
  }
}

TEST_CASE("log levels, fields and print") {
  auto r = run_code(R"(
    log.debug("d") log.info("i", {}) log.warn("w", { n = 1.5, ok = true, list = {1, 2} }) log.error(42)
    print() print(nil, {} == nil)
  )");
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 6);
  CHECK(r->host.logs[0] == "debug d");
  CHECK(r->host.logs[1] == "info i {}");
  CHECK(r->host.logs[2] == R"(warn w {"list":[1,2],"n":1.5,"ok":true})");
  CHECK(r->host.logs[3] == "error 42");
  CHECK(r->host.logs[4] == "info ");
  CHECK(r->host.logs[5] == "info nil\tfalse");
}

TEST_CASE("log misuse is explained") {
  auto r = run_code("log.info({ 'not a message' })");
  CHECK(r->result.message == "solution.lua:1: log.info expects a message string as its first argument, got table");
  auto r2 = run_code("log.warn('x', 'y')");
  CHECK(r2->result.message == "solution.lua:1: log.warn: the second argument must be a table of fields, got string");
  auto r3 = run_code("log.info('x', { f = function() end })");
  CHECK(r3->result.message == "solution.lua:1: log.info: cannot encode a function (at $.f)");
}

TEST_CASE("metrics and trace.state reach the host") {
  auto r = run_code(R"(
    metrics.inc("calls") metrics.inc("calls", 2) metrics.observe("latency_s", 0.25)
    trace.state("breaker", "open") trace.state("breaker", "closed") trace.state("n", 3) trace.state("flag", true)
  )");
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.metrics == std::vector<std::string>{"inc calls 1", "inc calls 2", "observe latency_s 0.25"});
  CHECK(r->host.states == std::vector<std::string>{"breaker=open", "breaker=closed", "n=3", "flag=true"});
  auto bad = run_code("metrics.observe('x', 0/0)");
  CHECK(bad->result.message == "solution.lua:1: metrics.observe: the value must be a finite number");
  auto bad2 = run_code("metrics.inc(nil)");
  CHECK(bad2->result.message == "solution.lua:1: metrics.inc expects a name string as its first argument, got nil");
}

TEST_CASE("a loop of metrics, states or logs that never blocks stops at the journal limit") {
  for (const char* loop : {"while true do metrics.inc('m') end", "while true do trace.state('s', 1) end",
                           "while true do metrics.observe('x', 1) log.debug('d') end"}) {
    Config c = config_for(loop);
    c.limits.journal_events = 1'000;
    c.limits.log_lines = 100'000;
    auto r = run_code(std::move(c));
    INFO(loop);
    CHECK(r->result.status == Status::limit);
    CHECK(r->result.limit == "journal");
    CHECK_THAT(r->result.message,
               Catch::StartsWith("solution.lua:1: journal limit reached: the run recorded more than 1000 events "
                                 "(requests and their answers, sleeps, log lines, metrics...); "));
    CHECK_THAT(r->result.message, Catch::Contains(" of 1,001 events were "));
    CHECK_THAT(r->result.message, Catch::Contains(" at line 1 of solution.lua ("));
    CHECK(r->host.journal_fill().events == 1'001);
  }
}

TEST_CASE("secrets.get returns the value or names what exists") {
  auto r = run_code("print(#secrets.get('API_KEY'))\nsecrets.get('NOPE')");
  CHECK(r->host.logs == std::vector<std::string>{"info 11"});
  CHECK(r->result.status == Status::error);
  CHECK(r->result.message == "solution.lua:2: secrets.get: no secret named 'NOPE' (this lab has: API_KEY)");
}

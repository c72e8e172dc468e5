// Several agent instances at once: separate Lua states, their own random streams, one
// deterministic interleaving for a given seed, and the same journal however a run is sliced.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;

namespace {

const char* kFleet = R"(
local hits = 0             -- per agent: agents share nothing
function main(ctx)
  for attempt = 1, 4 do
    local res = http.request{ url = "https://api.mock/work?agent=" .. ctx.agent, timeout = 2 }
    hits = hits + 1
    if res.status == 200 then break end
    time.sleep(math.random() * 2 ^ attempt)   -- full jitter
  end
  print("agent", ctx.agent, "hits", hits)
end
)";

std::vector<std::string> fleet(std::uint64_t seed, std::int64_t slice) {
  Config c = config_for(kFleet);
  c.seed = seed;
  c.agents = 5;
  auto r = run_code(
      std::move(c),
      [](FakeHost& h) {
        h.tag_logs = true;
        int n = 0;
        h.service = [n](const Request&) mutable {
          Reply rep;
          rep.status = (++n % 3 == 0) ? 200 : 503;  // a flaky server shared by all agents
          return rep;
        };
      },
      slice);
  INFO(r->result.summary());
  CHECK(r->result.status == Status::completed);
  std::vector<std::string> out = r->host.logs;
  for (const auto& q : r->host.requests) out.push_back(q.url);
  return out;
}

}  // namespace

TEST_CASE("N agents interleave deterministically by seed") {
  auto a = fleet(1, 1'000'000);
  CHECK(a == fleet(1, 1'000'000));
  CHECK(a != fleet(2, 1'000'000));  // jitter comes from the seed
  CHECK(std::count_if(a.begin(), a.end(), [](const std::string& s) { return s.find("hits") != std::string::npos; }) == 5);
}

TEST_CASE("slicing a run changes nothing observable") {
  // A tiny slice preempts tasks in the middle of their Lua code.
  CHECK(fleet(7, 1'000'000) == fleet(7, 50));
}

TEST_CASE("agents are separate Lua states with their own random streams") {
  Config c = config_for("x = (x or 0) + 1\nfunction main(ctx) print(ctx.agent, x, math.random(1, 1e9)) end");
  c.agents = 3;
  auto r = run_code(std::move(c));
  REQUIRE(r->result.status == Status::completed);
  REQUIRE(r->host.logs.size() == 3);
  std::set<std::string> draws;
  for (int i = 0; i < 3; ++i) {
    CHECK(r->host.logs[i].rfind("info " + std::to_string(i + 1) + "\t1\t", 0) == 0);
    draws.insert(r->host.logs[i].substr(r->host.logs[i].rfind('\t')));
  }
  CHECK(draws.size() == 3);
}

TEST_CASE("a long computation is preempted between slices and resumed first") {
  Config c = config_for(R"(
    task.spawn(function() print("other") end)
    local s = 0
    for i = 1, 200000 do s = s + i end
    print("sum", s)
    time.sleep(0)  -- let the other task run before main returns
  )");
  auto r = run_code(std::move(c), {}, 10'000);
  REQUIRE(r->result.status == Status::completed);
  CHECK(r->host.slices > 30);
  CHECK(r->host.logs == std::vector<std::string>{"info sum\t20000100000", "info other"});
}

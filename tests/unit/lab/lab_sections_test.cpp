// lab.json's workload, agents and limits sections: parsing, errors with JSON pointers, and
// the workload of one run (generators seeded by the run seed).
#include <catch2/catch.hpp>

#include "lab/lab.h"

using namespace fl;
using namespace fl::lab;

namespace {

const char* kWorld = R"("world": { "services": [ { "id": "echo", "host": "echo.mock",
  "routes": [ { "id": "echo", "path": "/echo", "responses": [ { "json": { "ok": true } } ] } ] } ] })";

std::optional<Lab> parse(const std::string& sections, Diagnostics& diags) {
  // Appended piece by piece: GCC 12 misreports a chain of operator+ here (-Warray-bounds).
  std::string text = "{ \"id\": \"t\", \"title\": \"T\", ";
  text += kWorld;
  if (!sections.empty()) text += ", ";
  text += sections;
  text += " }";
  auto json = parse_json(text, "lab.json", diags);
  REQUIRE(json);
  return parse_lab(*json, "lab.json", diags);
}

}  // namespace

TEST_CASE("a lab without workload, agents or limits gets the defaults") {
  Diagnostics d;
  auto lab = parse("", d);
  REQUIRE(lab);
  CHECK(d.to_string() == "");
  CHECK(lab->agents.count == 1);
  CHECK(lab->workload.empty());
  CHECK(lab->limits.instructions == sandbox::Limits{}.instructions);
  CHECK(lab->seeds == std::vector<std::uint64_t>{1});
}

TEST_CASE("workload items and streams") {
  Diagnostics d;
  auto lab = parse(R"("workload": {
      "params": { "base": "https://echo.mock" },
      "items": [ { "id": "q-1", "at_s": 2, "priority": "urgent", "data": { "amount": 5 } } ],
      "streams": [ { "id": "rec", "count": 3, "start_s": 1, "every_s": 0.5, "priority": "batch",
                     "data": { "record": "{n}", "note": "record {n}" },
                     "variants": [ { "every": 3, "offset": 2, "data": { "note": "odd one" }, "priority": "urgent" } ] } ] },
    "agents": { "count": 3, "stagger_s": 0.25 }, "seeds": [4, 5],
    "limits": { "instructions": 1000000, "memory_mb": 16, "virtual_s": 600, "log_lines": 50 })",
                   d);
  INFO(d.to_string());
  REQUIRE(lab);
  CHECK(lab->agents.count == 3);
  CHECK(lab->agents.stagger_us == 250000);
  CHECK(lab->seeds == std::vector<std::uint64_t>{4, 5});
  CHECK(lab->limits.instructions == 1000000);
  CHECK(lab->limits.memory_bytes == 16 << 20);
  CHECK(lab->limits.virtual_us == 600'000'000);
  CHECK(lab->limits.log_lines == 50);
  auto items = make_workload(*lab, 1);
  REQUIRE(items.size() == 4);
  CHECK(items[0].id == "rec-0001");
  CHECK(items[0].at_us == 1'000'000);
  CHECK(items[0].priority == "batch");
  CHECK(items[0].data_json == R"({"note":"record 1","record":"1"})");
  CHECK(items[1].id == "rec-0002");
  CHECK(items[2].id == "rec-0003");  // at 2 s, listed before q-1 (streams come first)
  CHECK(items[2].priority == "urgent");
  CHECK(items[2].data_json == R"({"note":"odd one","record":"3"})");
  CHECK(items[3].id == "q-1");
  CHECK(items[3].data_json == R"({"amount":5})");
  CHECK(lab->workload.params.dump() == R"({"base":"https://echo.mock"})");
}

TEST_CASE("stream jitter and weighted priorities follow the seed") {
  Diagnostics d;
  auto lab = parse(R"("workload": { "streams": [ { "id": "job", "count": 50, "every_s": 1, "jitter_s": 0.4,
                                                  "priority": { "urgent": 1, "batch": 3 } } ] })",
                   d);
  INFO(d.to_string());
  REQUIRE(lab);
  auto a = make_workload(*lab, 1), b = make_workload(*lab, 1), c = make_workload(*lab, 2);
  auto key = [](const std::vector<sandbox::WorkItem>& v) {
    std::string s;
    for (const auto& i : v) s += i.id + "@" + std::to_string(i.at_us) + ":" + i.priority + " ";
    return s;
  };
  CHECK(key(a) == key(b));
  CHECK(key(a) != key(c));
  int urgent = 0;
  for (const auto& i : a) urgent += i.priority == "urgent";
  CHECK(urgent > 3);
  CHECK(urgent < 25);
}

TEST_CASE("mistakes in the sections are reported with their JSON pointer") {
  struct Case {
    const char* sections;
    const char* message;
  };
  Case cases[] = {
      {R"("workload": { "items": [ { "id": "a" }, { "id": "a" } ] })",
       "lab.json: /workload/items/1/id: error: work item id \"a\" is used twice\n"},
      {R"("workload": { "items": [ { "id": "a", "data": { "id": 1 } } ] })",
       "lab.json: /workload/items/0/data/id: error: \"id\" is set by the runner; use another name for this field\n"},
      {R"("workload": { "streams": [ { "id": "s" } ] })",
       "lab.json: /workload/streams/0: error: missing required field \"count\"\n"},
      {R"("workload": { "streams": [ { "id": "s", "count": 2, "every_s": 0 } ] })",
       "lab.json: /workload/streams/0/every_s: error: must be between 1e-06 and 1e+07 seconds, found 0\n"},
      {R"("workload": { "itmes": [] })", "lab.json: /workload/itmes: error: unknown field \"itmes\"\n"},
      {R"("agents": 0)", "lab.json: /agents: error: the number of agents must be a whole number from 1 to 100\n"},
      {R"("limits": { "memory_mb": 4096 })",
       "lab.json: /limits/memory_mb: error: must be between 1 and 1024 MB, found 4096\n"},
      {R"("limits": { "instructions": "lots" })",
       "lab.json: /limits/instructions: error: expected a number, found a string\n"},
      {R"("limits": { "cpu": 1 })", "lab.json: /limits/cpu: error: unknown field \"cpu\"\n"},
  };
  for (const auto& c : cases) {
    Diagnostics d;
    auto lab = parse(c.sections, d);
    INFO(c.sections);
    CHECK(!lab);
    CHECK(d.to_string() == c.message);
  }
}

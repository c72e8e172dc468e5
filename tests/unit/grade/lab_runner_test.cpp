// Lab runs: loading a lab folder, determinism of a run by seed, the workload format.
#include <catch2/catch.hpp>

#include "base/files.h"
#include "grade/lab_runner.h"

using namespace fl;
using namespace fl::grade;
using Catch::Contains;

namespace {
const std::string kLab2 = std::string(FL_SOURCE_DIR) + "/labs/02-rate-limits";

std::string read(const std::string& path) {
  std::string error;
  auto text = read_file(path, &error);
  REQUIRE(text);
  return *text;
}
}  // namespace

TEST_CASE("lab 2 loads, and the same seed gives the same digest twice", "[grade][runner]") {
  Diagnostics diags;
  auto lab = LabRunner::load(kLab2, diags);
  INFO(diags.to_string());
  REQUIRE(lab);
  CHECK(lab->grading().seeds.size() == 3);
  CHECK(lab->agents() == 3);
  CHECK(lab->workload_size() == 10075);
  CHECK(lab->hash().rfind("fnv1a64:", 0) == 0);
  std::string code = read(kLab2 + "/reference.lua");
  auto a = lab->run(code, "reference.lua", 101);
  auto b = lab->run(code, "reference.lua", 101);
  auto c = lab->run(code, "reference.lua", 202);
  INFO(a.facts.message);
  CHECK(a.facts.ok());
  CHECK(a.facts.digest == b.facts.digest);
  CHECK(a.facts.digest != c.facts.digest);
  CHECK(a.journal->size() == b.journal->size());
}

TEST_CASE("a learner error is reported with its line", "[grade][runner]") {
  Diagnostics diags;
  auto lab = LabRunner::load(kLab2, diags);
  REQUIRE(lab);
  auto out = lab->run("function main(ctx)\n  local x = nil\n  return x.y\nend\n", "solution.lua", 101);
  CHECK(out.facts.status == RunFacts::Status::error);
  CHECK(out.facts.line == 3);
  CHECK_THAT(out.facts.message, Contains("solution.lua:3"));
}

TEST_CASE("workload streams make items in arrival order with variants", "[grade][runner]") {
  Diagnostics d;
  auto w = parse_workload(Json::parse(R"({"streams":[
      {"id":"r","count":5,"priority":"batch","start_s":0,"every_s":10,"per_arrival":2,
       "data":{"text":"rec {n}","m":"a"},"variants":[{"every":2,"offset":1,"data":{"m":"b"}}]},
      {"id":"q","count":1,"priority":"urgent","start_s":5}],
    "items":[{"id":"x","at_s":10,"data":{"k":1}}]})"),
                          "lab.json", d);
  INFO(d.to_string());
  REQUIRE(w);
  REQUIRE(w->items.size() == 7);
  CHECK(w->items[0].id == "r-0001");
  CHECK(w->items[0].data_json == R"({"m":"a","text":"rec 1"})");
  CHECK(w->items[1].data_json == R"({"m":"b","text":"rec 2"})");
  CHECK(w->items[2].id == "q-0001");
  CHECK(w->items[2].priority == "urgent");
  CHECK(w->items[3].id == "r-0003");
  CHECK(w->items[3].at_us == 10000000);
  CHECK(w->items[5].id == "x");
  CHECK(w->items[6].id == "r-0005");

  Diagnostics e;
  CHECK_FALSE(parse_workload(Json::parse(R"({"streams":[{"id":"r","count":0}],"items":[{"id":"r"},{"id":"r"}],"x":1})"),
                             "lab.json", e));
  CHECK_THAT(e.to_string(), Contains("lab.json: /workload/streams/0/count: error"));
  CHECK_THAT(e.to_string(), Contains("/workload/x: error"));
  CHECK_THAT(e.to_string(), Contains("work item id \"r\" is used twice"));
}

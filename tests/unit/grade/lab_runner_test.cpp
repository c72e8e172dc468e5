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
  CHECK(lab->lab().agents.count == 3);
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


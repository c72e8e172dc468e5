// The steppable grading API: start a grading, step each seed's run in slices, judge it,
// combine. Slicing and scheduling change nothing in the report.
#include <catch2/catch.hpp>

#include "base/files.h"
#include "grade/lab_runner.h"
#include "grade/results.h"

using namespace fl;
using namespace fl::grade;

namespace {

const std::string kLab2Dir = std::string(FL_SOURCE_DIR) + "/labs/02-rate-limits";

std::string lab2_file(const std::string& name) {
  std::string error;
  auto text = read_file(kLab2Dir + "/" + name, &error);
  REQUIRE(text);
  return *text;
}

// The loop a browser runs across frames: small slices, seeds in `order`.
Report step_through(const LabRunner& lab, const std::string& code, const GradeOptions& options,
                    const std::vector<std::size_t>& order) {
  Grading g(lab.grading(), lab.starter(code, "solution.lua"), options);
  for (std::size_t i : order) {
    if (!g.wanted(i)) continue;
    std::unique_ptr<SeedRun> run = g.start(i);
    int steps = 0;
    while (!run->step(50, 20'000)) ++steps;
    CHECK(steps > 1);  // really sliced
    g.judge(i, run->finish());
  }
  return g.report();
}

}  // namespace

TEST_CASE("a grading stepped in small slices gives the report graded at once", "[grade][grading]") {
  Diagnostics diags;
  auto lab = LabRunner::load(kLab2Dir, diags);
  INFO(diags.to_string());
  REQUIRE(lab);
  const NaiveExpectation& n = lab->grading().naive.front();
  GradeOptions options;
  options.seeds = {n.seeds.empty() ? lab->grading().seeds.front() : n.seeds.front()};
  options.solution = "naive.lua";
  const std::string naive = lab2_file(n.file);
  Report whole = fl::grade::grade(lab->grading(), lab->runner(naive, "solution.lua"), options);
  Report stepped = step_through(*lab, naive, options, {0});
  CHECK(whole.status == Status::fail);
  CHECK(exercism_json(stepped) == exercism_json(whole));
}

TEST_CASE("lab 4's crashes and restarts grade the same stepped in small slices", "[grade][grading][crash]") {
  const std::string dir = std::string(FL_SOURCE_DIR) + "/labs/04-resilient-pipelines";
  Diagnostics diags;
  auto lab = LabRunner::load(dir, diags);
  INFO(diags.to_string());
  REQUIRE(lab);
  std::string error;
  auto code = read_file(dir + "/naive/blind-retry.lua", &error);
  REQUIRE(code);
  GradeOptions options;
  options.seeds = {lab->grading().seeds.front()};
  options.solution = "blind-retry.lua";
  Report whole = fl::grade::grade(lab->grading(), lab->runner(*code, "solution.lua"), options);
  Report stepped = step_through(*lab, *code, options, {0});
  CHECK(whole.status == Status::fail);
  CHECK(exercism_json(stepped) == exercism_json(whole));
}

TEST_CASE("judging a run and combining judgements are public steps", "[grade][grading]") {
  Diagnostics diags;
  auto lab = LabRunner::load(kLab2Dir, diags);
  REQUIRE(lab);
  const std::uint64_t seed = lab->grading().seeds.front();
  RunOutput out = lab->run("function main(ctx)\n  local x = nil\n  return x.y\nend\n", "solution.lua", seed);
  SeedJudgement j = judge_run(lab->grading(), std::move(out));
  CHECK(j.summary.seed == seed);
  CHECK(j.summary.status == Status::error);
  std::size_t graded = 0;
  for (const auto& o : j.outcomes) graded += o.has_value();
  CHECK(graded == 1);  // only the run-completion check judges a run that stopped
  GradeOptions options;
  options.seeds = {seed};
  Report rep = combine(lab->grading(), options, {j});
  CHECK(rep.status == Status::error);
  CHECK(rep.error_line == 3);
  REQUIRE(rep.runs.size() == 1);
  CHECK(rep.runs[0].run_status == RunFacts::Status::error);
}

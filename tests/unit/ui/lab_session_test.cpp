// The lab workspace's controller: Run and Submit stepped a slice at a time give the CLI's
// report byte for byte (a learner's copy of the lab, as the browser bundle holds it); Stop
// stops; the journals stay for the timeline; the console reads log lines; errors have lines.
#include "ui/lab_session.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "base/files.h"
#include "grade/lab_runner.h"
#include "grade/results.h"
#include "ui/lab_console.h"

using namespace fl;

namespace {

const std::string kLab2 = std::string(FL_SOURCE_DIR) + "/labs/02-rate-limits";

std::string lab2_text(const std::string& name) {
  std::string error;
  auto text = read_file(kLab2 + "/" + name, &error);
  REQUIRE(text);
  return *text;
}

// A copy of lab 2 with the learner-facing files only (no reference.lua, no naive/).
std::shared_ptr<const ui::WorkspaceLab> learner_copy_of_lab2() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "faultline-lab-session-test" / "02-rate-limits";
  fs::create_directories(dir);
  for (const char* name : {"lab.json", "brief.md", "starter.lua"})
    fs::copy_file(kLab2 + "/" + name, dir / name, fs::copy_options::overwrite_existing);
  Diagnostics diags;
  auto loaded = grade::load_learner_graded_lab(dir.string(), "labs/02-rate-limits", diags);
  INFO(diags.to_string());
  REQUIRE(loaded);
  return ui::make_workspace_lab(*loaded);
}

// What `faultline grade LAB solution.lua [--seed N]` reports.
std::string cli_results(const std::string& code, std::vector<std::uint64_t> seeds) {
  Diagnostics diags;
  auto lab = grade::LabRunner::load(kLab2, diags);
  REQUIRE(lab);
  grade::GradeOptions options;
  options.seeds = std::move(seeds);
  options.solution = "solution.lua";
  options.lab_hash = lab->hash();
  return grade::exercism_json(grade::grade(lab->grading(), lab->runner(code, "solution.lua"), options));
}

// Steps as the browser does, one slice per "frame"; returns the number of frames.
int run_in_frames(ui::LabSession& s) {
  int frames = 0;
  while (s.step([] { return true; })) ++frames;
  return frames;
}

}  // namespace

TEST_CASE("Run steps one seed across frames and reports what the CLI reports for that seed", "[ui][workspace]") {
  ui::LabSession s(learner_copy_of_lab2());
  const std::string code = lab2_text("reference.lua");
  s.start(ui::RunKind::run, code, 202);
  CHECK(s.phase() == ui::RunPhase::running);
  int frames = 0;
  std::size_t requests_seen = 0;
  while (s.step([] { return true; })) {
    ++frames;
    const ui::RunProgress p = s.progress();
    CHECK(p.seed_count == 1);
    CHECK(p.requests >= requests_seen);  // counted incrementally, never going back
    requests_seen = p.requests;
    CHECK(s.live_journal() != nullptr);
  }
  CHECK(frames > 10);  // really spread over frames
  REQUIRE(s.phase() == ui::RunPhase::done);
  REQUIRE(s.report());
  CHECK(s.report()->status == grade::Status::pass);
  CHECK(s.results_json() == cli_results(code, {202}));
  // The finished run's journal stays for the timeline, and its requests were all counted.
  const ui::KeptRun* run = s.shown_run();
  REQUIRE(run);
  REQUIRE(run->journal);
  CHECK(run->seed == 202);
  CHECK(s.progress().requests == ui::count_requests(*run->journal));
  CHECK(s.failed_run() == nullptr);
}

TEST_CASE("Submit grades every seed, byte for byte as `faultline grade`, and keeps each run", "[ui][workspace]") {
  auto lab = learner_copy_of_lab2();
  ui::LabSession s(lab);
  const std::string code = lab2_text("naive/no-jitter.lua");
  s.start(ui::RunKind::submit, code, 0);
  run_in_frames(s);
  REQUIRE(s.report());
  CHECK(s.report()->status == grade::Status::fail);
  CHECK(s.results_json() == cli_results(code, {}));
  REQUIRE(s.kept_runs().size() == lab->grading.seeds.size());
  // A failed check's evidence belongs to one seed's run: the timeline can show it.
  const grade::TestResult* jitter = nullptr;
  for (const auto& t : s.report()->tests)
    if (t.id == "jitter") jitter = &t;
  REQUIRE(jitter);
  CHECK(jitter->status == grade::Status::fail);
  REQUIRE(s.show_seed(jitter->evidence_seed));
  CHECK(s.shown_run()->seed == jitter->evidence_seed);
  for (sim::EventId id : jitter->evidence) CHECK(id <= s.shown_run()->journal->size());
  CHECK_FALSE(s.show_seed(999999));
}

TEST_CASE("Stop ends the work at once and reports nothing; a new start replaces the old", "[ui][workspace]") {
  ui::LabSession s(learner_copy_of_lab2());
  s.start(ui::RunKind::submit, lab2_text("reference.lua"), 0);
  for (int i = 0; i < 5; ++i) REQUIRE(s.step([] { return true; }));
  const std::uint64_t generation = s.generation();
  s.stop();
  CHECK(s.phase() == ui::RunPhase::idle);
  CHECK(s.stopped());
  CHECK_FALSE(s.report());
  CHECK_FALSE(s.step([] { return true; }));
  s.start(ui::RunKind::run, lab2_text("starter.lua"), 101);
  CHECK(s.generation() == generation + 1);
  CHECK_FALSE(s.stopped());
  run_in_frames(s);
  CHECK(s.phase() == ui::RunPhase::done);
}

TEST_CASE("a syntax error is a failed run with the learner's line", "[ui][workspace]") {
  ui::LabSession s(learner_copy_of_lab2());
  s.start(ui::RunKind::run, "function main(ctx)\n  local x = \nend\n", 101);
  run_in_frames(s);
  REQUIRE(s.report());
  CHECK(s.report()->status == grade::Status::error);
  const ui::KeptRun* failed = s.failed_run();
  REQUIRE(failed);
  CHECK(failed->facts.line == 3);
  CHECK(s.results_json() == cli_results("function main(ctx)\n  local x = \nend\n", {101}));
}

TEST_CASE("the console reads a run's log lines incrementally, with level, agent and fields", "[ui][workspace]") {
  ui::LabSession s(learner_copy_of_lab2());
  const std::string code =
      "function main(ctx)\n"
      "  log.info('starting', {agent_no = 1})\n"
      "  log.debug('detail')\n"
      "  print('hello', 42)\n"
      "  log.warn('careful')\n"
      "  while true do local item = ctx.next(); if not item then break end; ctx.dead_letter(item, 'test') end\n"
      "end\n";
  s.start(ui::RunKind::run, code, 101);
  ui::ConsoleModel console;
  while (s.step([] { return true; })) console.update(s.live_journal());
  console.update(s.shown_run()->journal);  // the same journal: only its new events are read
  const auto& lines = console.lines();
  const std::size_t agents = static_cast<std::size_t>(s.lab().lab->agents.count);
  REQUIRE(lines.size() == 4 * agents);
  CHECK(lines[0].message == "starting");
  CHECK(lines[0].level == ui::LogLevel::info);
  CHECK(lines[0].line == 2);
  CHECK_FALSE(lines[0].agent.empty());
  CHECK(lines[0].fields.find("agent_no") != std::string::npos);
  CHECK(console.count_at_least(ui::LogLevel::warn) == agents);
  CHECK(console.count_at_least(ui::LogLevel::info) == 3 * agents);
  console.update(nullptr);
  CHECK(console.lines().empty());
}

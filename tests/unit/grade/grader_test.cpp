// Grading over seeds and the results writers, with a fake runner of hand-built journals.
#include <catch2/catch.hpp>

#include "grade/grader.h"
#include "grade/results.h"
#include "journal_builder.h"

using namespace fl;
using namespace fl::grade;
using namespace fl::grade::testing;
using Catch::Contains;

namespace {

const char* kLab = R"({
  "id": "lab-x", "title": "Lab X",
  "seeds": [1, 2, 3],
  "checks": [
    {"id": "completed", "kind": "run_completed", "name": "Runs to the end", "points": 1},
    {"id": "no-404-retry", "kind": "no_retry_of", "name": "No retry of a 404", "points": 2, "task": 3},
    {"id": "timeouts", "kind": "request_timeouts", "name": "Every request has a timeout", "points": 1.5}
  ],
  "hints": [{"check": "no-404-retry", "text": "A 404 will still be a 404 next time."}],
  "self_test": {"naive": [{"file": "naive/retry-all.lua", "fails": ["no-404-retry"], "seeds": [2]}]}
})";

LabGrading lab() {
  Diagnostics d;
  auto g = parse_lab_grading(Json::parse(kLab), "lab.json", Registry::builtin(), d);
  INFO(d.to_string());
  REQUIRE(g);
  return *g;
}

// Seed 2 retries a 404; other seeds behave. `error_seed` stops with an error.
Runner fake_runner(std::uint64_t error_seed = 0) {
  return [error_seed](std::uint64_t seed) {
    auto b = std::make_shared<JournalBuilder>();
    b->call(1.0, "agent-1", "https://x.mock/a", 404);
    if (seed == 2) b->call(2.0, "agent-1", "https://x.mock/a", 404);
    RunOutput out;
    out.journal = &b->j;
    out.keep_alive = b;
    out.facts.virtual_duration = sec(2.5);
    out.facts.digest = b->j.digest();
    if (seed == error_seed) {
      out.facts.status = RunFacts::Status::error;
      out.facts.line = 17;
      out.facts.message = "attempt to call a nil value (global 'sleep')";
    }
    return out;
  };
}

}  // namespace

TEST_CASE("a check passes only if it passes on every seed, and names the failing seed", "[grade][grader]") {
  auto rep = fl::grade::grade(lab(), fake_runner(), {{}, "sol.lua", "fnv1a64:0000000000000000", {}});
  CHECK(rep.status == Status::fail);
  REQUIRE(rep.tests.size() == 3);
  CHECK(rep.tests[0].status == Status::pass);
  CHECK(rep.tests[1].status == Status::fail);
  CHECK_THAT(rep.tests[1].message, Contains("On seed 2: request #3"));
  CHECK(rep.tests[1].output == "Failed on seed 2. Hint: A 404 will still be a 404 next time.");
  CHECK(rep.tests[1].task_id == 3);
  CHECK(rep.tests[2].task_id == 3);  // position
  CHECK(rep.score == 2.5);
  CHECK(rep.max_score == 4.5);
  CHECK(rep.runs.size() == 3);
  CHECK(rep.runs[1].status == Status::fail);
  CHECK(rep.runs[0].status == Status::pass);
  CHECK(failed_on(rep, 2) == std::vector<std::string>{"no-404-retry"});
  CHECK(failed_on(rep, 1).empty());
  CHECK(rep.trace_digest == combined_digest(rep.runs));
}

TEST_CASE("--seed grades one seed alone", "[grade][grader]") {
  auto rep = fl::grade::grade(lab(), fake_runner(), {{3}, "sol.lua", "", {}});
  CHECK(rep.status == Status::pass);
  CHECK(rep.seeds == std::vector<std::uint64_t>{3});
  CHECK(rep.score == rep.max_score);
  CHECK_THAT(rep.message, Contains("All 3 checks passed on seed 3."));
}

TEST_CASE("a run that stops with an error makes the report an error with the learner's line", "[grade][grader]") {
  auto rep = fl::grade::grade(lab(), fake_runner(2), {{}, "sol.lua", "", {}});
  CHECK(rep.status == Status::error);
  CHECK(rep.error_line == 17);
  CHECK_THAT(rep.message, Contains("On seed 2 your code stopped with an error at line 17: attempt to call"));
  CHECK(rep.runs.size() == 2);  // seed 3 is not run
  CHECK(rep.tests[0].status == Status::fail);
  // The 404 was already retried before the stop: that failure is certain, so it is reported
  // with its evidence; the timeouts check could still have gone either way: not graded.
  CHECK(rep.tests[1].status == Status::fail);
  CHECK_THAT(rep.tests[1].message, Contains("On seed 2: Already failed before your code was stopped: request #3"));
  CHECK_FALSE(rep.tests[1].evidence.empty());
  CHECK(rep.tests[2].status == Status::error);
  CHECK_THAT(rep.tests[2].message, Contains("Not graded"));
  CHECK(rep.score == 0);
}

// Seeds run by a scheduler (the CLI's threads) may finish in any order: here last first.
void reversed(std::size_t n, const std::function<void(std::size_t)>& fn) {
  for (std::size_t i = n; i-- > 0;) fn(i);
}

TEST_CASE("seeds run out of order give the same report as one after another", "[grade][grader]") {
  for (std::uint64_t error_seed : {0, 1, 2, 3}) {
    INFO("error on seed " << error_seed);
    GradeOptions serial{{}, "sol.lua", "", {}};
    GradeOptions scheduled = serial;
    scheduled.for_each = reversed;
    std::vector<std::size_t> progress;
    scheduled.progress = [&](std::size_t done, std::size_t) { progress.push_back(done); };
    auto a = fl::grade::grade(lab(), fake_runner(error_seed), serial);
    auto b = fl::grade::grade(lab(), fake_runner(error_seed), scheduled);
    CHECK(exercism_json(a) == exercism_json(b));
    CHECK(text_report(a) == text_report(b));
    CHECK(progress.size() == 3);  // later seeds were started before the error was known
  }
}

TEST_CASE("Exercism results JSON has the contract's shape", "[grade][results]") {
  auto rep = fl::grade::grade(lab(), fake_runner(), {{}, "solutions/a.lua", "fnv1a64:1234", {}});
  std::string text = exercism_json(rep);
  CHECK(text.find('\n') == std::string::npos);
  auto j = Json::parse(text);
  CHECK(j["version"] == 3);
  CHECK(j["status"] == "fail");
  CHECK(j["message"].is_string());
  REQUIRE(j["tests"].size() == 3);
  for (const auto& t : j["tests"]) {
    for (const char* k : {"name", "status", "message", "output", "task_id"}) CHECK(t.contains(k));
    CHECK(t["output"].get<std::string>().size() <= 500);
  }
  CHECK(j["tests"][0]["name"] == "Runs to the end");
  CHECK(j["solution"] == "solutions/a.lua");
  CHECK(j["lab"] == "lab-x");
  CHECK(j["lab_hash"] == "fnv1a64:1234");
  CHECK(j["faultline_version"].is_string());
  CHECK(j["score"] == 2.5);
  CHECK(j["max_score"] == 4.5);
  CHECK(j["seeds"] == Json::array({1, 2, 3}));
  REQUIRE(j["runs"].size() == 3);
  CHECK(j["runs"][0]["seed"] == 1);
  CHECK(j["runs"][0]["status"] == "pass");
  CHECK(j["runs"][0]["virtual_duration_s"] == 2.5);
  CHECK(j["runs"][0]["trace_digest"].get<std::string>().rfind("fnv1a64:", 0) == 0);
  CHECK(j["trace_digest"] == rep.trace_digest);
  // Key order: version first, as Exercism's examples.
  CHECK(text.rfind("{\"version\":3,\"status\":", 0) == 0);
}

TEST_CASE("Gradescope and text formats", "[grade][results]") {
  auto rep = fl::grade::grade(lab(), fake_runner(), {{}, "a.lua", "", {}});
  auto g = Json::parse(gradescope_json(rep, 0.25));
  CHECK(g["score"] == 2.5);
  CHECK(g["max_score"] == 4.5);
  CHECK(g["execution_time"] == 0.25);
  REQUIRE(g["tests"].size() == 3);
  CHECK(g["tests"][1]["score"] == 0);
  CHECK(g["tests"][1]["max_score"] == 2);
  CHECK(g["tests"][1]["visibility"] == "visible");
  CHECK(g["tests"][1]["output"].is_string());
  std::string t = text_report(rep);
  CHECK_THAT(t, Contains("[pass] Runs to the end  (1/1)"));
  CHECK_THAT(t, Contains("[FAIL] No retry of a 404  (0/2)"));
  CHECK_THAT(t, Contains("score: 2.5 / 4.5"));
}

TEST_CASE("long outputs are cut to 500 characters", "[grade][results]") {
  std::string lab_text = kLab;
  auto pos = lab_text.find("A 404 will");
  lab_text.insert(pos, std::string(800, 'x'));
  Diagnostics d;
  auto g = parse_lab_grading(Json::parse(lab_text), "lab.json", Registry::builtin(), d);
  REQUIRE(g);
  auto rep = fl::grade::grade(*g, fake_runner(), {{}, "a.lua", "", {}});
  CHECK(rep.tests[1].output.size() <= 500);
}

TEST_CASE("the lab hash covers lab.json, brief.md and starter.lua", "[grade][results]") {
  auto a = lab_hash("{}", "brief", "code");
  CHECK(a.rfind("fnv1a64:", 0) == 0);
  CHECK(a.size() == 8 + 16);
  CHECK(a == lab_hash("{}", "brief", "code"));
  CHECK(a != lab_hash("{}", "brief", "code "));
  CHECK(a != lab_hash("{}", "brief ", "code"));
  CHECK(lab_hash("ab", "", "") != lab_hash("a", "b", ""));
}

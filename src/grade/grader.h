#pragma once
// Grading a solution: run it on every seed, evaluate every check on every run, and combine.
// A check passes only if it passes on every seed; its message names the first seed it failed
// on. The lab is passed when every check passes. If a run stops with an error (syntax or
// runtime error, a limit), the report's status is "error": the run-completion check says
// why, with the learner's line, and the other checks are reported as not graded.
//
//   fl::grade::Report rep = fl::grade::grade(grading, registry, runner, options);
//   std::cout << fl::grade::exercism_json(rep) << "\n";
//
// The runner is a function from a seed to a finished run (journal + facts), so the grader is
// independent of how runs are made (lab::Run in the CLI and the browser, hand-built journals
// in tests).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "grade/check.h"
#include "grade/lab_grading.h"

namespace fl::grade {

// One finished run. `keep_alive` owns whatever `journal` and `world` point into.
struct RunOutput {
  RunFacts facts;
  const sim::Journal* journal = nullptr;
  const sim::WorldSpec* world = nullptr;
  std::shared_ptr<const void> keep_alive;
};
using Runner = std::function<RunOutput(std::uint64_t seed)>;

enum class Status { pass, fail, error };
const char* to_string(Status s);

struct TestResult {
  std::string id, name, kind;
  Status status = Status::pass;
  std::string message;   // for the learner; names the seed of a failure
  std::string output;    // the hint and where it failed (at most 500 characters)
  double points = 0, max_points = 0;
  int task_id = 0;
  std::vector<std::uint64_t> failed_seeds;
  std::uint64_t evidence_seed = 0;    // the run the evidence ids belong to
  std::vector<EventId> evidence;
};

struct RunSummary {
  std::uint64_t seed = 0;
  Status status = Status::pass;  // pass: every check passed on this seed
  RunFacts::Status run_status = RunFacts::Status::completed;
  Micros virtual_duration = 0;
  std::string trace_digest;
};

struct Report {
  std::string solution;          // the path as given, or a label ("editor")
  std::string lab_id, lab_title, lab_hash;
  Status status = Status::pass;
  std::string message;
  std::vector<TestResult> tests; // in the lab's check order
  double score = 0, max_score = 0;
  std::vector<std::uint64_t> seeds;
  std::vector<RunSummary> runs;
  std::string trace_digest;      // over the runs' digests, in order
  int error_line = 0;            // the learner's line when status is error (0: unknown)
};

struct GradeOptions {
  std::vector<std::uint64_t> seeds;  // empty: the lab's seeds
  std::string solution;
  std::string lab_hash;
  // Called after each seed (progress bars); may be empty. Never called concurrently.
  std::function<void(std::size_t done, std::size_t total)> progress;
  // Runs fn(0) ... fn(n-1), possibly at once on several threads (the CLI's --jobs); empty:
  // one after another. The report is the same either way.
  std::function<void(std::size_t n, const std::function<void(std::size_t)>& fn)> for_each;
};

Report grade(const LabGrading& lab, const Runner& runner, const GradeOptions& options);

// Evaluates one check on one run (for the UI's per-run checks panel and for tests).
CheckOutcome evaluate_check(const CheckSpec& check, const Trace& trace, const RunFacts& facts);

// The set of check ids that failed (or were not graded) on `seed`, in check order.
std::vector<std::string> failed_on(const Report& report, std::uint64_t seed);

// "fnv1a64:..." over the run digests joined by newlines.
std::string combined_digest(const std::vector<RunSummary>& runs);

}  // namespace fl::grade

#pragma once
// Grading a solution: run it on every seed, judge every check on every run, and combine.
// A check passes only if it passes on every seed; its message names the first seed it failed
// on. The lab is passed when every check passes. If a run stops with an error (syntax or
// runtime error, a limit), the report's status is "error": the run-completion check says
// why, with the learner's line, and the other checks are reported as not graded.
//
// Grading is a public loop of steps, so the browser can spread it over frames and the CLI
// can run seeds on threads; `grade()` is that loop for callers that want the report at once.
//
//   fl::grade::Grading g(lab->grading(), lab->starter(code, "solution.lua"), options);
//   for (std::size_t i = 0; i < g.seed_count(); ++i) {
//     if (!g.wanted(i)) continue;              // an earlier seed already stopped with an error
//     std::unique_ptr<fl::grade::SeedRun> run = g.start(i);
//     while (!run->step(10000, 1000000)) { /* give the frame back */ }
//     g.judge(i, run->finish());               // judge_run(): every check on this run
//   }
//   fl::grade::Report rep = g.report();        // combine(): per-seed judgements -> report
//   std::cout << fl::grade::exercism_json(rep) << "\n";
//
// Runs are made by a starter (lab::Run through LabRunner in the CLI and the browser,
// hand-built journals in tests), so the grader does not know how runs are made.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
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

// One seed's run, advanced in bounded slices (lab::Run::step semantics: slicing changes
// nothing observable).
class SeedRun {
 public:
  virtual ~SeedRun() = default;
  // Runs at most about `max_events` world events and `max_instructions` Lua instructions;
  // true when the run is over.
  virtual bool step(std::size_t max_events, std::int64_t max_instructions) = 0;
  // The finished run (after step() returned true). Call once.
  virtual RunOutput finish() = 0;
  // The journal so far, while the run goes on (the browser draws it live); null when the
  // starter has none to show.
  virtual const sim::Journal* journal() const { return nullptr; }
};
using RunStarter = std::function<std::unique_ptr<SeedRun>(std::uint64_t seed)>;

// A function from a seed to a finished run, as a starter whose runs finish in one step
// (hand-built journals in tests, timed runs in the benchmark).
using Runner = std::function<RunOutput(std::uint64_t seed)>;
RunStarter whole_runs(Runner runner);

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

// One seed's line in a report.
struct SeedSummary {
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
  std::vector<SeedSummary> runs;  // the seeds that ran, in order
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

// One seed's run, judged: what combining needs once the journal is gone.
struct SeedJudgement {
  RunFacts facts;
  SeedSummary summary;
  std::vector<std::optional<CheckOutcome>> outcomes;  // per check; nullopt: not graded
};

// Judges a finished run: every check of `lab` on it.
SeedJudgement judge_run(const LabGrading& lab, RunOutput run);

// Combines the judgements of the seeds that ran (in seed order; the last may be a run that
// stopped with an error, after which no seed runs) into the report.
Report combine(const LabGrading& lab, const GradeOptions& options, std::vector<SeedJudgement> judgements);

// A grading in progress: start each seed's run, judge it when it is over, then report.
// judge() may be called from several threads for different seeds (the CLI's --jobs).
class Grading {
 public:
  Grading(const LabGrading& lab, RunStarter starter, GradeOptions options);

  std::size_t seed_count() const { return seeds_.size(); }
  std::uint64_t seed(std::size_t i) const { return seeds_[i]; }
  // False once an earlier seed stopped with an error: a solution that errors is not run on
  // the later seeds.
  bool wanted(std::size_t i) const { return i <= first_error_.load(); }
  std::unique_ptr<SeedRun> start(std::size_t i) const { return starter_(seeds_[i]); }
  void judge(std::size_t i, RunOutput run);
  // The report over the seeds judged so far (call when the loop is over).
  Report report() const;

 private:
  const LabGrading& lab_;
  RunStarter starter_;
  GradeOptions options_;
  std::vector<std::uint64_t> seeds_;
  std::vector<std::optional<SeedJudgement>> judged_;
  std::atomic<std::size_t> first_error_;
  std::mutex progress_mutex_;
  std::size_t done_ = 0;  // guarded by progress_mutex_
};

// The whole loop at once, with options.for_each scheduling the seeds.
Report grade(const LabGrading& lab, const RunStarter& starter, const GradeOptions& options);
Report grade(const LabGrading& lab, const Runner& runner, const GradeOptions& options);

// Evaluates one check on one run (for the UI's per-run checks panel and for tests).
CheckOutcome evaluate_check(const CheckSpec& check, const Trace& trace, const RunFacts& facts);

// The set of check ids that failed (or were not graded) on `seed`, in check order.
std::vector<std::string> failed_on(const Report& report, std::uint64_t seed);

// "fnv1a64:..." over the run digests joined by newlines.
std::string combined_digest(const std::vector<SeedSummary>& runs);

}  // namespace fl::grade

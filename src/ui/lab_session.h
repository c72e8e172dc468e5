#pragma once
// The lab workspace's controller: Run (one seed) and Submit (every seed of the lab) of the
// learner's code, stepped across frames. No ImGui: the views read it, App drives it.
//
//   auto loaded = grade::load_learner_graded_lab(bundle + "/labs/02-rate-limits", "labs/02-rate-limits", diags);
//   LabSession s(make_workspace_lab(*loaded));
//   s.start(RunKind::submit, code, 0);
//   while (s.step(deadline_in_6_ms)) { /* draw a frame */ }
//   s.report();            // byte for byte what `faultline grade` reports for the same code
//
// Both are the grader's public loop (grade::Grading) exactly as `faultline grade` runs it, with
// the same lab hash, solution name and seeds, so the results JSON equals the CLI's. Run is that
// loop on one seed (`faultline grade --seed N`). Each run is stepped in small slices until the
// caller's deadline passes (slicing changes nothing observable: lab::Run::step). The journals
// of the finished runs stay alive for the timeline and for the checks' evidence.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "grade/grader.h"
#include "grade/lab_check.h"
#include "grade/lab_grading.h"
#include "lab/lab.h"

namespace fl::ui {

// A lab as the workspace runs and grades it (loaded from the bundle's learner files).
struct WorkspaceLab {
  std::shared_ptr<const lab::Lab> lab;
  grade::LabGrading grading;
  std::string hash;  // lab_hash: the CLI computes the same from the same three files
  bool playground() const { return grading.playground; }
  // The seeds Run may pick from: the lab's own (the playground's world has [1] at least).
  const std::vector<std::uint64_t>& seeds() const { return grading.seeds.empty() ? lab->seeds : grading.seeds; }
};
// From a lab loaded by grade::load_learner_graded_lab (its package's lab is moved out).
std::shared_ptr<const WorkspaceLab> make_workspace_lab(grade::GradedLab& loaded);

// The name results give the editor's code, and the chunk name its errors carry
// ("solution.lua:12: ..."): `faultline grade LAB solution.lua` reports the same.
inline constexpr const char* kEditorSolution = "solution.lua";

enum class RunKind { run, submit };
enum class RunPhase { idle, running, done };
const char* to_string(RunKind kind);
const char* to_string(RunPhase phase);

// A finished (or running) seed's run, kept for the timeline and the checks' evidence.
struct KeptRun {
  std::uint64_t seed = 0;
  grade::RunFacts facts;  // how it ended (once finished)
  const sim::Journal* journal = nullptr;
  const sim::WorldSpec* world = nullptr;
  std::shared_ptr<const void> keep_alive;  // owns what journal and world point into
};

struct RunProgress {
  std::size_t seed_index = 0, seed_count = 0;  // the seed running now (0-based) of how many
  sim::Micros reached = 0, limit = 0;          // virtual time of the running seed, the lab's limit
  std::size_t requests = 0;                    // requests sent so far (every seed of this run)
};

class LabSession {
 public:
  explicit LabSession(std::shared_ptr<const WorkspaceLab> lab) : lab_(std::move(lab)) {}

  const WorkspaceLab& lab() const { return *lab_; }

  // Starts a Run of `code` on `seed` or a Submit on every seed (`seed` ignored), replacing
  // whatever ran before.
  void start(RunKind kind, std::string code, std::uint64_t seed);
  // Steps the runs, a small slice at a time, until `out_of_time()` says the frame's budget is
  // spent or everything finished. Returns true while work remains.
  bool step(const std::function<bool()>& out_of_time);
  // Ends the work now: the running seed stops, nothing is reported, the phase becomes idle.
  void stop();

  RunPhase phase() const { return phase_; }
  RunKind kind() const { return kind_; }
  std::uint64_t generation() const { return generation_; }  // bumped by every start()
  const std::string& code() const { return code_; }          // the code of the last start()
  RunProgress progress() const;
  bool stopped() const { return stopped_; }  // the last start() was stopped by the learner

  // The last finished work's report and its results JSON (as `faultline grade` prints it).
  const std::optional<grade::Report>& report() const { return report_; }
  const std::string& results_json() const { return results_json_; }

  // The run to show: the running one, else the seed the timeline was pointed at, else the
  // last to finish. Null before any run.
  const KeptRun* shown_run() const;
  const sim::Journal* live_journal() const;  // the running seed's journal while it runs
  // The finished run of `seed`, if this work ran it.
  const KeptRun* kept(std::uint64_t seed) const;
  const std::vector<KeptRun>& kept_runs() const { return kept_; }
  // The finished run that stopped with an error (syntax, runtime, limit), if any: its line
  // is marked in the editor.
  const KeptRun* failed_run() const;
  // Shows `seed`'s run (the checks' evidence belongs to one seed). False if it did not run.
  bool show_seed(std::uint64_t seed);

 private:
  void finish_seed();
  void tally_live();

  std::shared_ptr<const WorkspaceLab> lab_;
  RunPhase phase_ = RunPhase::idle;
  RunKind kind_ = RunKind::run;
  std::uint64_t generation_ = 0;
  std::string code_;
  bool stopped_ = false;
  std::unique_ptr<grade::Grading> grading_;
  std::size_t seed_index_ = 0;
  std::unique_ptr<grade::SeedRun> running_;
  std::vector<KeptRun> kept_;
  std::size_t requests_done_ = 0;  // requests of the finished seeds
  sim::EventId live_scanned_ = 0;  // the running seed's events counted so far
  std::size_t live_requests_ = 0;
  std::optional<std::uint64_t> shown_seed_;
  std::optional<grade::Report> report_;
  std::string results_json_;
};

// Requests sent in a journal (its request events).
std::size_t count_requests(const sim::Journal& journal);

}  // namespace fl::ui

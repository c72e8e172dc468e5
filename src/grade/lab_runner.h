#pragma once
// grade::LabRunner: a lab folder loaded for grading, and runs of learner code on it, one seed
// at a time (the CLI's `grade` and `lab test`, the benchmark, the determinism tests).
//
//   fl::Diagnostics diags;
//   auto lab = fl::grade::LabRunner::load("labs/02-rate-limits", diags);   // null + diags on error
//   fl::grade::RunOutput out = lab->run(code, "solution.lua", 101);          // one seed, to its end
//   auto run = lab->start(code, "solution.lua", 101);                         // one seed, in steps
//   fl::grade::Grading g(lab->grading(), lab->starter(code, "solution.lua"), opts);  // see grader.h
//
// The lab comes from load_graded_lab (lab::load_package plus the grading sections), and a run
// is a lab::Run.
#include <cstdint>
#include <memory>
#include <string>

#include "base/diagnostic.h"
#include "grade/grader.h"
#include "grade/lab_grading.h"
#include "lab/lab.h"

namespace fl::grade {

// A run of `code` on `seed` of `lab` (a lab::Run), advanced by step(); its journal() is the
// run's own, live. Never throws: a run that cannot be made or fails inside finishes with an
// error. LabRunner::start and the app's workspace make their runs here.
std::unique_ptr<SeedRun> start_lab_run(std::shared_ptr<const lab::Lab> lab, const std::string& code,
                                       const std::string& chunkname, std::uint64_t seed);

class LabRunner {
 public:
  // Loads and validates the lab folder DIR through load_graded_lab (one walk, one parse).
  // `learner_copy`: DIR may hold only the learner-facing files (a lab downloaded from the
  // browser; `grade` and `run` need no reference or naive solution), as
  // load_learner_graded_lab.
  static std::unique_ptr<LabRunner> load(const std::string& dir, Diagnostics& diags, bool learner_copy = false);

  const LabGrading& grading() const { return grading_; }
  const std::string& hash() const { return hash_; }
  const std::string& dir() const { return dir_; }
  const lab::Lab& lab() const { return *lab_; }

  // A run of `code` on `seed` (a lab::Run), advanced by step(). Never throws: a run that
  // cannot be made or fails inside finishes with an error.
  std::unique_ptr<SeedRun> start(const std::string& code, const std::string& chunkname, std::uint64_t seed) const;
  RunStarter starter(std::string code, std::string chunkname) const;
  // The same, run to the end (or a limit) at once.
  RunOutput run(const std::string& code, const std::string& chunkname, std::uint64_t seed) const;
  Runner runner(std::string code, std::string chunkname) const;

 private:
  std::string dir_;
  std::string hash_;
  LabGrading grading_;
  std::shared_ptr<const lab::Lab> lab_;
};

}  // namespace fl::grade

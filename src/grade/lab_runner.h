#pragma once
// grade::LabRunner: loads a lab folder and runs learner code on it, one seed at a time, for
// the grader (the CLI's `grade` and `lab test`, the benchmark, the determinism tests).
//
//   fl::Diagnostics diags;
//   auto lab = fl::grade::LabRunner::load("labs/02-rate-limits", diags);   // null + diags on error
//   fl::grade::RunOutput out = lab->run(code, "solution.lua", 101);
//   fl::grade::Report rep = fl::grade::grade(lab->grading(), lab->runner(code, "solution.lua"), opts);
//
// A run is sim::World + sandbox::Sandbox: this file adapts the sandbox's Host interface onto
// the world and journals what the sandbox reports (log lines, sleeps, metrics, states, work
// items, agent starts and failures). It reads the lab's `workload`, `agents` and `limits`
// (see docs/lab-format.md, "Workload, agents, limits") next to the grading sections.
//
// NOTE: src/lab (issue 4) is to provide lab::Run; until it exists this is the one place that
// runs learner code against a lab. When lab::Run lands, run() becomes a thin adapter over it.
#include <cstdint>
#include <memory>
#include <string>

#include "base/diagnostic.h"
#include "grade/grader.h"
#include "grade/lab_grading.h"
#include "sandbox/host.h"
#include "sandbox/limits.h"
#include "sim/world_spec.h"

namespace fl::grade {

struct WorkloadSpec {
  std::vector<sandbox::WorkItem> items;  // sorted by arrival, then listing order
};

class LabRunner {
 public:
  // Loads and validates DIR/lab.json; also reads brief.md and starter.lua for the lab hash.
  static std::unique_ptr<LabRunner> load(const std::string& dir, Diagnostics& diags);

  const LabGrading& grading() const { return grading_; }
  const std::string& hash() const { return hash_; }
  const std::string& dir() const { return dir_; }
  const sim::WorldSpec& world() const { return *world_; }
  int agents() const { return agents_; }
  const sandbox::Limits& limits() const { return limits_; }
  std::size_t workload_size() const { return workload_.items.size(); }

  // Runs `code` on `seed` to the end (or a limit). Never throws.
  RunOutput run(const std::string& code, const std::string& chunkname, std::uint64_t seed) const;
  Runner runner(std::string code, std::string chunkname) const;

 private:
  std::string dir_;
  std::string hash_;
  LabGrading grading_;
  std::shared_ptr<const sim::WorldSpec> world_;
  WorkloadSpec workload_;
  int agents_ = 1;
  sandbox::Limits limits_;
  std::string params_json_ = "{}";
};

// Parses the `workload` object (exported for tests and `faultline check`).
std::optional<WorkloadSpec> parse_workload(const Json& workload, const std::string& file, Diagnostics& diags);

}  // namespace fl::grade

#include "grade/lab_runner.h"

#include "grade/lab_check.h"
#include "lab/run.h"

namespace fl::grade {

std::unique_ptr<LabRunner> LabRunner::load(const std::string& dir, Diagnostics& diags) {
  auto loaded = load_graded_lab(dir, dir, dir, diags);  // the same loader and messages as `faultline check`
  if (!loaded) return nullptr;
  auto runner = std::make_unique<LabRunner>();
  runner->dir_ = dir;
  runner->grading_ = std::move(loaded->grading);
  runner->hash_ = std::move(loaded->hash);
  runner->lab_ = std::make_shared<const lab::Lab>(std::move(*loaded->package.lab));
  return runner;
}

RunOutput LabRunner::run(const std::string& code, const std::string& chunkname, std::uint64_t seed) const {
  RunOutput out;
  out.facts.seed = seed;
  try {
    auto run = std::make_shared<lab::Run>(lab_, code, chunkname, seed);
    run->run_to_end();
    lab::RunSummary s = run->summary();
    switch (s.status) {
      case sandbox::Status::completed: out.facts.status = RunFacts::Status::completed; break;
      case sandbox::Status::limit: out.facts.status = RunFacts::Status::limit; break;
      default: out.facts.status = RunFacts::Status::error; break;
    }
    out.facts.message = s.message;
    if (s.status == sandbox::Status::limit && !s.limit.empty() && s.message.find(s.limit) == std::string::npos)
      out.facts.message = s.limit + " limit: " + s.message;
    out.facts.line = s.line;
    out.facts.agent = s.agent;
    out.facts.virtual_duration = s.virtual_duration;
    out.facts.digest = s.digest;
    out.journal = &run->journal();
    out.world = &run->world().spec();
    out.keep_alive = run;
  } catch (const std::exception& e) {
    out.facts.status = RunFacts::Status::error;
    out.facts.message = std::string("internal error while running: ") + e.what();
  }
  return out;
}

Runner LabRunner::runner(std::string code, std::string chunkname) const {
  return [this, code = std::move(code), chunkname = std::move(chunkname)](std::uint64_t seed) {
    return run(code, chunkname, seed);
  };
}

}  // namespace fl::grade

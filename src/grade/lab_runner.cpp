#include "grade/lab_runner.h"

#include <cstdint>
#include <exception>

#include "grade/lab_check.h"
#include "lab/run.h"

namespace fl::grade {

std::unique_ptr<LabRunner> LabRunner::load(const std::string& dir, Diagnostics& diags, bool learner_copy) {
  // The same loader and messages as `faultline check`.
  auto loaded = learner_copy ? load_learner_graded_lab(dir, dir, diags) : load_graded_lab(dir, dir, dir, diags);
  if (!loaded) return nullptr;
  auto runner = std::make_unique<LabRunner>();
  runner->dir_ = dir;
  runner->grading_ = std::move(loaded->grading);
  runner->hash_ = std::move(loaded->hash);
  runner->lab_ = std::make_shared<const lab::Lab>(std::move(*loaded->package.lab));
  return runner;
}

namespace {

// One seed of a lab as a lab::Run, with what the grader needs once it is over.
class LabSeedRun final : public SeedRun {
 public:
  LabSeedRun(std::shared_ptr<const lab::Lab> lab, const std::string& code, const std::string& chunkname,
             std::uint64_t seed) {
    out_.facts.seed = seed;
    try {
      run_ = std::make_shared<lab::Run>(std::move(lab), code, chunkname, seed);
    } catch (const std::exception& e) {
      internal_error(e);
    }
  }

  bool step(std::size_t max_events, std::int64_t max_instructions) override {
    if (!run_) return true;
    try {
      return run_->step(max_events, max_instructions);
    } catch (const std::exception& e) {
      internal_error(e);
      return true;
    }
  }

  RunOutput finish() override {
    if (!run_) return std::move(out_);
    lab::RunSummary s = run_->summary();
    RunFacts& f = out_.facts;
    f.status = s.status == sandbox::Status::completed || s.status == sandbox::Status::limit ? s.status
                                                                                             : RunFacts::Status::error;
    f.message = s.message;
    if (s.status == sandbox::Status::limit && !s.limit.empty() && s.message.find(s.limit) == std::string::npos)
      f.message = s.limit + " limit: " + s.message;
    f.line = s.line;
    f.agent = s.agent;
    f.virtual_duration = s.virtual_duration;
    f.digest = s.digest;
    out_.journal = &run_->journal();
    out_.world = &run_->world().spec();
    out_.keep_alive = std::move(run_);
    return std::move(out_);
  }

  const sim::Journal* journal() const override { return run_ ? &run_->journal() : nullptr; }

 private:
  void internal_error(const std::exception& e) {
    run_.reset();
    out_.facts.status = RunFacts::Status::error;
    out_.facts.message = std::string("internal error while running: ") + e.what();
  }

  std::shared_ptr<lab::Run> run_;
  RunOutput out_;
};

}  // namespace

std::unique_ptr<SeedRun> start_lab_run(std::shared_ptr<const lab::Lab> lab, const std::string& code,
                                       const std::string& chunkname, std::uint64_t seed) {
  return std::make_unique<LabSeedRun>(std::move(lab), code, chunkname, seed);
}

std::unique_ptr<SeedRun> LabRunner::start(const std::string& code, const std::string& chunkname,
                                          std::uint64_t seed) const {
  return start_lab_run(lab_, code, chunkname, seed);
}

RunStarter LabRunner::starter(std::string code, std::string chunkname) const {
  return [this, code = std::move(code), chunkname = std::move(chunkname)](std::uint64_t seed) {
    return start(code, chunkname, seed);
  };
}

RunOutput LabRunner::run(const std::string& code, const std::string& chunkname, std::uint64_t seed) const {
  std::unique_ptr<SeedRun> r = start(code, chunkname, seed);
  while (!r->step(SIZE_MAX, INT64_MAX)) {
  }
  return r->finish();
}

Runner LabRunner::runner(std::string code, std::string chunkname) const {
  return [this, code = std::move(code), chunkname = std::move(chunkname)](std::uint64_t seed) {
    return run(code, chunkname, seed);
  };
}

}  // namespace fl::grade

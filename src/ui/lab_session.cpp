#include "ui/lab_session.h"

#include "grade/lab_runner.h"
#include "grade/results.h"
#include "sim/journal.h"

namespace fl::ui {

namespace {

// One slice: small enough that a frame's budget is overshot by well under a millisecond in
// the browser, large enough that the per-slice overhead does not show.
constexpr std::size_t kSliceEvents = 400;
constexpr std::int64_t kSliceInstructions = 40000;

}  // namespace

std::shared_ptr<const WorkspaceLab> make_workspace_lab(grade::GradedLab& loaded) {
  if (!loaded.package.lab) return nullptr;
  auto out = std::make_shared<WorkspaceLab>();
  out->lab = std::make_shared<const lab::Lab>(std::move(*loaded.package.lab));
  out->grading = loaded.grading;
  out->hash = loaded.hash;
  return out;
}

const char* to_string(RunKind kind) { return kind == RunKind::run ? "run" : "submit"; }

const char* to_string(RunPhase phase) {
  switch (phase) {
    case RunPhase::idle: return "idle";
    case RunPhase::running: return "running";
    case RunPhase::done: return "done";
  }
  return "";
}

std::size_t count_requests(const sim::Journal& journal) {
  std::size_t n = 0;
  for (sim::EventId id = 1; id <= journal.size(); ++id)
    if (journal.at(id).kind == sim::EventKind::request) ++n;
  return n;
}

void LabSession::start(RunKind kind, std::string code, std::uint64_t seed) {
  stop();
  ++generation_;
  kind_ = kind;
  code_ = std::move(code);
  stopped_ = false;
  kept_.clear();
  requests_done_ = 0;
  live_scanned_ = 0;
  live_requests_ = 0;
  shown_seed_.reset();
  report_.reset();
  results_json_.clear();
  // The options `faultline grade LAB solution.lua [--seed N]` gives the same loop.
  grade::GradeOptions options;
  if (kind == RunKind::run) options.seeds = {seed};
  options.solution = kEditorSolution;
  options.lab_hash = lab_->hash;
  auto starter = [lab = lab_->lab, code = code_](std::uint64_t s) {
    return grade::start_lab_run(lab, code, kEditorSolution, s);
  };
  grading_ = std::make_unique<grade::Grading>(lab_->grading, starter, std::move(options));
  seed_index_ = 0;
  phase_ = RunPhase::running;
  if (grading_->seed_count() == 0) {  // nothing to run (a lab that lists no seed): report at once
    report_ = grading_->report();
    results_json_ = grade::exercism_json(*report_);
    grading_.reset();
    phase_ = RunPhase::done;
  }
}

bool LabSession::step(const std::function<bool()>& out_of_time) {
  while (phase_ == RunPhase::running) {
    if (!running_) running_ = grading_->start(seed_index_);
    if (running_->step(kSliceEvents, kSliceInstructions)) {
      finish_seed();
      // The report comes with the last seed, in the same frame.
      while (seed_index_ < grading_->seed_count() && !grading_->wanted(seed_index_)) ++seed_index_;
      if (seed_index_ == grading_->seed_count()) {
        report_ = grading_->report();
        results_json_ = grade::exercism_json(*report_);
        grading_.reset();
        phase_ = RunPhase::done;
        break;
      }
    }
    if (out_of_time()) break;
  }
  tally_live();
  return phase_ == RunPhase::running;
}

void LabSession::finish_seed() {
  grade::RunOutput out = running_->finish();
  running_.reset();
  KeptRun kept;
  kept.seed = grading_->seed(seed_index_);
  kept.facts = out.facts;
  kept.journal = out.journal;
  kept.world = out.world;
  kept.keep_alive = out.keep_alive;  // judging lets go of its copy; the timeline keeps this one
  if (kept.journal) requests_done_ += count_requests(*kept.journal);
  live_scanned_ = 0;
  live_requests_ = 0;
  kept_.push_back(std::move(kept));
  grading_->judge(seed_index_, std::move(out));
  ++seed_index_;
}

void LabSession::stop() {
  if (phase_ != RunPhase::running) return;
  running_.reset();
  grading_.reset();
  stopped_ = true;
  phase_ = RunPhase::idle;
}

RunProgress LabSession::progress() const {
  RunProgress p;
  p.seed_count = grading_ ? grading_->seed_count() : kept_.size();
  p.seed_index = seed_index_;
  p.limit = lab_->lab->limits.virtual_us;
  p.requests = requests_done_;
  if (const sim::Journal* j = live_journal()) {
    if (!j->empty()) p.reached = j->at(static_cast<sim::EventId>(j->size())).time;
    p.requests += live_requests_;
  } else if (!kept_.empty()) {
    p.reached = kept_.back().facts.virtual_duration;
  }
  return p;
}

// Counts the running seed's requests appended since the last call (not the whole journal
// every frame).
void LabSession::tally_live() {
  const sim::Journal* j = live_journal();
  if (!j) return;
  for (sim::EventId id = live_scanned_ + 1; id <= j->size(); ++id)
    if (j->at(id).kind == sim::EventKind::request) ++live_requests_;
  live_scanned_ = static_cast<sim::EventId>(j->size());
}

const sim::Journal* LabSession::live_journal() const { return running_ ? running_->journal() : nullptr; }

const KeptRun* LabSession::kept(std::uint64_t seed) const {
  for (const KeptRun& k : kept_)
    if (k.seed == seed) return &k;
  return nullptr;
}

const KeptRun* LabSession::shown_run() const {
  if (shown_seed_)
    if (const KeptRun* k = kept(*shown_seed_)) return k;
  return kept_.empty() ? nullptr : &kept_.back();
}

const KeptRun* LabSession::failed_run() const {
  for (const KeptRun& k : kept_)
    if (!k.facts.ok()) return &k;
  return nullptr;
}

bool LabSession::show_seed(std::uint64_t seed) {
  if (!kept(seed)) return false;
  shown_seed_ = seed;
  return true;
}

}  // namespace fl::ui

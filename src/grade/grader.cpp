#include "grade/grader.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <optional>

#include "base/hash.h"
#include "base/utf8.h"
#include "grade/format.h"
#include "sim/rng.h"

namespace fl::grade {

namespace {

std::string seed_list(const std::vector<std::uint64_t>& seeds) {
  std::string out;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    if (i) out += i + 1 == seeds.size() ? " and " : ", ";
    out += std::to_string(seeds[i]);
  }
  return out;
}

struct PerCheck {
  bool any_fail = false;
  bool not_graded = false;
  std::string first_message;  // of the first failing seed (or of the first seed)
  std::uint64_t first_seed = 0;
  std::vector<EventId> evidence;
  std::vector<std::uint64_t> failed_seeds;
  bool have_message = false;
};

}  // namespace

const char* to_string(Status s) {
  switch (s) {
    case Status::pass: return "pass";
    case Status::fail: return "fail";
    case Status::error: return "error";
  }
  return "error";
}

CheckOutcome evaluate_check(const CheckSpec& check, const Trace& trace, const RunFacts& facts) {
  if (!check.impl) return {false, "Unknown check kind \"" + check.kind + "\".", {}};
  try {
    return check.impl->evaluate(check.params, CheckContext{trace, facts});
  } catch (const std::exception& e) {
    return {false, std::string("This check could not be evaluated (internal error: ") + e.what() + ").", {}};
  }
}

std::string combined_digest(const std::vector<SeedSummary>& runs) {
  std::uint64_t h = kFnvOffset;
  for (const auto& r : runs) h = fnv1a64(r.trace_digest + "\n", h);
  return fnv1a64_digest(h);
}

namespace {

// A runner's finished run, as a run that finishes on its first step.
class WholeRun final : public SeedRun {
 public:
  WholeRun(Runner runner, std::uint64_t seed) : runner_(std::move(runner)), seed_(seed) {}
  bool step(std::size_t, std::int64_t) override {
    if (!out_) out_ = runner_(seed_);
    return true;
  }
  RunOutput finish() override {
    step(0, 0);
    return std::move(*out_);
  }

 private:
  Runner runner_;
  std::uint64_t seed_;
  std::optional<RunOutput> out_;
};

}  // namespace

RunStarter whole_runs(Runner runner) {
  return [runner = std::move(runner)](std::uint64_t seed) -> std::unique_ptr<SeedRun> {
    return std::make_unique<WholeRun>(runner, seed);
  };
}

SeedJudgement judge_run(const LabGrading& lab, RunOutput run) {
  SeedJudgement r;
  const std::uint64_t seed = run.facts.seed;
  r.summary.seed = seed;
  r.summary.run_status = run.facts.status;
  r.summary.virtual_duration = run.facts.virtual_duration;
  r.summary.trace_digest = run.facts.digest;
  static const sim::Journal empty_journal_guard{};
  const sim::Journal& journal = run.journal ? *run.journal : empty_journal_guard;
  Trace trace(journal, run.world);
  bool seed_pass = true;
  r.outcomes.resize(lab.checks.size());
  for (std::size_t ci = 0; ci < lab.checks.size(); ++ci) {
    const CheckSpec& c = lab.checks[ci];
    if (!run.facts.ok() && !(c.impl && c.impl->judges_run_completion())) {
      // The run stopped before its end, so most checks cannot say what the code would have
      // done: they stay "not graded". A failure that was already certain (a rate window
      // exceeded, a secret leaked) is reported with its evidence.
      seed_pass = false;
      if (c.impl && c.impl->failure_is_final()) {
        CheckOutcome o = evaluate_check(c, trace, run.facts);
        if (!o.passed) {
          o.message = "Already failed before your code was stopped: " + o.message;
          r.outcomes[ci] = std::move(o);
        }
      }
      continue;
    }
    r.outcomes[ci] = evaluate_check(c, trace, run.facts);
    seed_pass = seed_pass && r.outcomes[ci]->passed;
  }
  r.summary.status = !run.facts.ok() ? Status::error : (seed_pass ? Status::pass : Status::fail);
  r.facts = std::move(run.facts);
  return r;
}

Report combine(const LabGrading& lab, const GradeOptions& options, std::vector<SeedJudgement> judgements) {
  Report rep;
  rep.solution = options.solution;
  rep.lab_id = lab.id;
  rep.lab_title = lab.title;
  rep.lab_hash = options.lab_hash;
  rep.seeds = options.seeds.empty() ? lab.seeds : options.seeds;

  // In seed order, so the report is the same however the runs were scheduled.
  std::vector<PerCheck> per(lab.checks.size());
  const RunFacts* error_facts = nullptr;
  for (SeedJudgement& r : judgements) {
    const std::uint64_t seed = r.summary.seed;
    for (std::size_t ci = 0; ci < lab.checks.size(); ++ci) {
      PerCheck& pc = per[ci];
      if (!r.outcomes[ci]) {
        pc.not_graded = true;
        continue;
      }
      CheckOutcome& o = *r.outcomes[ci];
      if (!o.passed) {
        pc.failed_seeds.push_back(seed);
        if (!pc.any_fail) {
          pc.any_fail = true;
          pc.first_message = std::move(o.message);
          pc.first_seed = seed;
          pc.evidence = std::move(o.evidence);
          pc.have_message = true;
        }
      } else if (!pc.have_message) {
        pc.first_message = std::move(o.message);
        pc.first_seed = seed;
        pc.evidence = std::move(o.evidence);
        pc.have_message = true;
      }
    }
    rep.runs.push_back(std::move(r.summary));
    if (!r.facts.ok()) {
      error_facts = &r.facts;
      break;
    }
  }

  std::size_t failed = 0;
  for (std::size_t ci = 0; ci < lab.checks.size(); ++ci) {
    const CheckSpec& c = lab.checks[ci];
    const PerCheck& pc = per[ci];
    TestResult t;
    t.id = c.id;
    t.name = c.name;
    t.kind = c.kind;
    t.task_id = c.task_id;
    t.max_points = c.points;
    t.failed_seeds = pc.failed_seeds;
    t.evidence = pc.evidence;
    t.evidence_seed = pc.first_seed;
    std::string hint = lab.hint_for(c.id);
    if (pc.any_fail) {
      t.status = Status::fail;
      t.message = "On seed " + std::to_string(pc.first_seed) + ": " + pc.first_message;
      std::string out = "Failed on seed" + std::string(pc.failed_seeds.size() > 1 ? "s " : " ") +
                        seed_list(pc.failed_seeds) + ".";
      if (!hint.empty()) out += " Hint: " + hint;
      t.output = utf8_clip(out, 500);
      ++failed;
    } else if (pc.not_graded) {
      t.status = Status::error;
      t.message = "Not graded: on seed " + std::to_string(error_facts ? error_facts->seed : 0) +
                  " your code stopped before the run finished (see the first failing check).";
      t.output = "";
      ++failed;
    } else {
      t.status = Status::pass;
      t.points = c.points;
      t.message = pc.first_message;
      t.output = utf8_clip("Passed on seed" + std::string(rep.runs.size() > 1 ? "s " : " ") + [&] {
        std::vector<std::uint64_t> s;
        for (const auto& r : rep.runs) s.push_back(r.seed);
        return seed_list(s);
      }() + ".", 500);
    }
    rep.score += t.points;
    rep.max_score += t.max_points;
    rep.tests.push_back(std::move(t));
  }
  rep.trace_digest = combined_digest(rep.runs);

  if (error_facts) {
    rep.status = Status::error;
    rep.error_line = error_facts->line;
    std::string where = error_facts->line > 0 ? " at line " + std::to_string(error_facts->line) : "";
    rep.message = "On seed " + std::to_string(error_facts->seed) + " your code " +
                  (error_facts->status == RunFacts::Status::limit ? "was stopped" + where + ": "
                                                                   : "stopped with an error" + where + ": ") +
                  error_facts->message;
  } else if (failed == 0) {
    rep.status = Status::pass;
    rep.message = "All " + std::to_string(lab.checks.size()) + " checks passed on seed" +
                  (rep.seeds.size() > 1 ? "s " : " ") + seed_list(rep.seeds) + ".";
  } else {
    rep.status = Status::fail;
    rep.message = std::to_string(failed) + " of " + std::to_string(lab.checks.size()) + " checks failed; score " +
                  fixed(rep.score, 1) + " of " + fixed(rep.max_score, 1) + ".";
  }
  return rep;
}

Grading::Grading(const LabGrading& lab, RunStarter starter, GradeOptions options)
    : lab_(lab), starter_(std::move(starter)), options_(std::move(options)) {
  seeds_ = options_.seeds.empty() ? lab.seeds : options_.seeds;
  judged_.resize(seeds_.size());
  first_error_ = seeds_.size();
}

void Grading::judge(std::size_t i, RunOutput run) {
  run.facts.seed = seeds_[i];
  judged_[i] = judge_run(lab_, std::move(run));
  if (!judged_[i]->facts.ok()) {
    std::size_t e = first_error_.load();
    while (i < e && !first_error_.compare_exchange_weak(e, i)) {
    }
  }
  if (options_.progress) {
    std::lock_guard<std::mutex> lock(progress_mutex_);
    options_.progress(++done_, seeds_.size());
  }
}

Report Grading::report() const {
  // The seeds that ran, in order, up to the first that stopped with an error.
  std::vector<SeedJudgement> ran;
  for (std::size_t i = 0; i < judged_.size() && judged_[i]; ++i) {
    ran.push_back(*judged_[i]);
    if (!ran.back().facts.ok()) break;
  }
  return combine(lab_, options_, std::move(ran));
}

Report grade(const LabGrading& lab, const RunStarter& starter, const GradeOptions& options) {
  Grading g(lab, starter, options);
  auto run_one = [&g](std::size_t i) {
    if (!g.wanted(i)) return;
    std::unique_ptr<SeedRun> run = g.start(i);
    while (!run->step(SIZE_MAX, INT64_MAX)) {
    }
    g.judge(i, run->finish());
  };
  if (options.for_each)
    options.for_each(g.seed_count(), run_one);
  else
    for (std::size_t i = 0; i < g.seed_count(); ++i) run_one(i);
  return g.report();
}

Report grade(const LabGrading& lab, const Runner& runner, const GradeOptions& options) {
  return grade(lab, whole_runs(runner), options);
}

std::vector<std::string> failed_on(const Report& report, std::uint64_t seed) {
  std::vector<std::string> out;
  for (const auto& t : report.tests) {
    bool f = t.status == Status::error ||
             std::find(t.failed_seeds.begin(), t.failed_seeds.end(), seed) != t.failed_seeds.end();
    if (f) out.push_back(t.id);
  }
  return out;
}

}  // namespace fl::grade

#include "grade/grader.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
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

std::string combined_digest(const std::vector<RunSummary>& runs) {
  std::uint64_t h = kFnvOffset;
  for (const auto& r : runs) h = fnv1a64(r.trace_digest + "\n", h);
  return fnv1a64_digest(h);
}

namespace {

// One seed's run, judged: what the in-order aggregation needs once the journal is gone.
struct SeedResult {
  bool ran = false;
  RunFacts facts;
  RunSummary summary;
  std::vector<std::optional<CheckOutcome>> outcomes;  // nullopt: not graded (the run stopped)
};

SeedResult run_seed(const LabGrading& lab, const Runner& runner, std::uint64_t seed) {
  SeedResult r;
  r.ran = true;
  RunOutput out = runner(seed);
  out.facts.seed = seed;
  r.summary.seed = seed;
  r.summary.run_status = out.facts.status;
  r.summary.virtual_duration = out.facts.virtual_duration;
  r.summary.trace_digest = out.facts.digest;
  static const sim::Journal empty_journal_guard{};
  const sim::Journal& journal = out.journal ? *out.journal : empty_journal_guard;
  Trace trace(journal, out.world);
  bool seed_pass = true;
  r.outcomes.resize(lab.checks.size());
  for (std::size_t ci = 0; ci < lab.checks.size(); ++ci) {
    const CheckSpec& c = lab.checks[ci];
    if (!out.facts.ok() && !(c.impl && c.impl->judges_run_completion())) {
      seed_pass = false;
      continue;
    }
    r.outcomes[ci] = evaluate_check(c, trace, out.facts);
    seed_pass = seed_pass && r.outcomes[ci]->passed;
  }
  r.summary.status = !out.facts.ok() ? Status::error : (seed_pass ? Status::pass : Status::fail);
  r.facts = std::move(out.facts);
  return r;
}

}  // namespace

Report grade(const LabGrading& lab, const Runner& runner, const GradeOptions& options) {
  Report rep;
  rep.solution = options.solution;
  rep.lab_id = lab.id;
  rep.lab_title = lab.title;
  rep.lab_hash = options.lab_hash;
  rep.seeds = options.seeds.empty() ? lab.seeds : options.seeds;

  // Runs are independent, so they may run at once (options.for_each); the verdict is built
  // in seed order afterwards, so it is the same however they were scheduled. A solution that
  // errors on one seed is not run on the later ones.
  const std::size_t n = rep.seeds.size();
  std::vector<SeedResult> results(n);
  std::atomic<std::size_t> first_error{n};
  std::mutex progress_mutex;
  std::size_t done = 0;  // guarded by progress_mutex
  auto run_one = [&](std::size_t si) {
    if (si > first_error.load()) return;
    results[si] = run_seed(lab, runner, rep.seeds[si]);
    if (!results[si].facts.ok()) {
      std::size_t e = first_error.load();
      while (si < e && !first_error.compare_exchange_weak(e, si)) {
      }
    }
    if (options.progress) {
      std::lock_guard<std::mutex> lock(progress_mutex);
      options.progress(++done, n);
    }
  };
  if (options.for_each) {
    options.for_each(n, run_one);
  } else {
    for (std::size_t si = 0; si < n; ++si) run_one(si);
  }

  std::vector<PerCheck> per(lab.checks.size());
  const RunFacts* error_facts = nullptr;
  for (std::size_t si = 0; si < n && results[si].ran; ++si) {
    SeedResult& r = results[si];
    const std::uint64_t seed = rep.seeds[si];
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

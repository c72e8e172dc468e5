// Checks about retries: Retry-After honoured, exponential backoff with a cap, jitter, a
// bounded number of attempts, no retry of errors that retrying cannot fix. A retry is the
// next attempt in a chain (see grade/trace.h); its wait is the time from the moment the
// failed attempt's answer reached the client to the moment the retry was sent.
#include <algorithm>
#include <cmath>
#include <map>

#include "grade/checks_common.h"

namespace fl::grade {

namespace {

using namespace detail;

// --- what happened between a failure and its retry ------------------------------------------

// Measured on the trace: the whole gap from the moment the failure reached the client to the
// retry, and the first time.sleep the task began right then (the wait its code chose; a
// limiter queue after it is not part of the backoff).
struct Gap {
  Micros total = 0;
  Micros first_sleep = -1;  // -1: the task did not sleep right after the failure
  Micros chosen() const { return first_sleep >= 0 ? first_sleep : total; }
};

Gap gap_after(const Trace& tr, const RequestRec& failed) {
  const RequestRec& n = tr.requests()[failed.next];
  Gap g;
  g.total = n.sent - failed.received;
  g.first_sleep = tr.sleep_started_at(failed.agent, failed.task, failed.received, n.sent).value_or(-1);
  return g;
}

// Seconds with as many places as a short wait needs: "0.93", "0.050", "0.000400".
std::string secs(Micros us) {
  if (us >= 100'000 || us == 0) return seconds(us, 2);
  return seconds(us, us >= 1'000 ? 3 : 6);
}

// "the 429 (#56)" from outcome_ref's "a 429 (#56)".
std::string the_outcome(const RequestRec& r) {
  std::string s = outcome_ref(r);
  return s.rfind("a ", 0) == 0 ? "the " + s.substr(2) : s;
}

// "first slept 0.05 s, then retried 0.93 s after the 429 (#56)", "slept 0.93 s, then retried",
// "retried 0.00 s after the 429 (#56) without calling time.sleep".
std::string describe_gap(const Gap& g, const RequestRec& failed) {
  if (g.first_sleep < 0) return "retried " + secs(g.total) + " s after " + the_outcome(failed) + " without calling time.sleep";
  if (g.first_sleep == g.total) return "slept " + secs(g.first_sleep) + " s after " + the_outcome(failed) + ", then retried";
  return "first slept " + secs(g.first_sleep) + " s, then retried " + secs(g.total) + " s after " + the_outcome(failed);
}

// "agent-1/task-3" or "an agent".
std::string who_or_agent(const Trace& tr, const RequestRec& r) {
  std::string w = tr.who(r);
  return w.empty() ? std::string("an agent") : w;
}

// "After a 429 (#56) at t=12.38 s, agent-1/task-3 first slept 0.05 s, then retried 0.93 s after
// the 429 (#56) (request #57)."
std::string retry_story(const Trace& tr, const RequestRec& failed) {
  const RequestRec& n = tr.requests()[failed.next];
  return "After " + outcome_ref(failed) + " at t=" + seconds(failed.received) + " s, " + who_or_agent(tr, failed) + " " +
         describe_gap(gap_after(tr, failed), failed) + " (request #" + std::to_string(n.id) + ")";
}

// --- retry_after_honoured ----------------------------------------------------------------

struct RetryAfterParams {
  std::vector<int> statuses{429, 503};
  std::string scope = "request";  // request | agent
  double tolerance_s = 0.01;
};

class RetryAfterHonoured final : public TypedCheck<RetryAfterParams> {
 public:
  std::string_view name() const override { return "retry_after_honoured"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "after a response with Retry-After, the retry (or, with scope agent, any request of that agent to that "
           "service) waits at least that long";
  }

 protected:
  void parse(ParamReader& r, RetryAfterParams& p) const override {
    r.known_keys({"statuses", "scope", "tolerance_s"});
    p.statuses = r.int_list("statuses", p.statuses, 100, 599);
    p.scope = r.string("scope", p.scope, {"request", "agent"});
    p.tolerance_s = r.number("tolerance_s", p.tolerance_s, 0, 60);
  }

  CheckOutcome run(const RetryAfterParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& reqs = tr.requests();
    const Micros tol = sim::from_seconds(p.tolerance_s);
    std::size_t with_ra = 0, violations = 0;
    std::string first, advice;
    // For scope "agent": requests per (agent, service) in send order.
    std::map<std::pair<sim::Atom, std::string_view>, std::vector<int>> by_agent;
    if (p.scope == "agent")
      for (int i = 0; i < static_cast<int>(reqs.size()); ++i) by_agent[{reqs[i].agent, reqs[i].service}].push_back(i);

    for (int i = 0; i < static_cast<int>(reqs.size()); ++i) {
      const RequestRec& r = reqs[i];
      if (!r.has_retry_after || r.received < 0 || !contains(p.statuses, r.status)) continue;
      ++with_ra;
      const Micros allowed = r.received + r.retry_after - tol;
      auto report = [&](const RequestRec& early) {
        ++violations;
        if (o.evidence.size() < 30) {
          o.evidence.push_back(early.id);
          o.evidence.push_back(r.result);
        }
        if (first.empty()) {
          const std::string said = seconds(r.retry_after, r.retry_after % sim::kMicrosPerSecond ? 2 : 0);
          first = request_ref(early) + " came " + seconds(early.sent - r.received) + " s after " + outcome_ref(r) +
                  " whose Retry-After said " + said + " s";
          if (early.prev != i) {
            first += " (" + std::string(tr.str(early.agent)) + " was throttled on #" + std::to_string(r.id) + ")";
            advice = "Once a response says Retry-After, hold every request of that agent to the service until it "
                     "has passed, for example by pausing your shared limiter.";
          } else {
            Gap g = gap_after(tr, r);
            first += ": " + who_or_agent(tr, r) + " " + describe_gap(g, r);
            advice = g.first_sleep < 0
                         ? "Read res.headers[\"retry-after\"] and sleep that many seconds before the retry."
                         : "Your code slept, but less than Retry-After said: sleep at least the header's value (it "
                           "may be larger than your backoff).";
          }
        }
      };
      if (p.scope == "request") {
        if (r.next >= 0 && reqs[r.next].sent < allowed) report(reqs[r.next]);
      } else {
        const auto& list = by_agent[{r.agent, r.service}];
        auto it = std::lower_bound(list.begin(), list.end(), r.received,
                                   [&](int idx, Micros t) { return reqs[idx].sent < t; });
        for (; it != list.end() && reqs[*it].sent < allowed; ++it) {
          if (*it == i) continue;
          report(reqs[*it]);
          break;  // one violation per throttling response
        }
      }
    }
    std::string rule = p.scope == "request" ? "The retry of a request that got " + join_or(p.statuses) +
                                                   " with Retry-After must wait at least that long"
                                             : "After a " + join_or(p.statuses) +
                                                   " with Retry-After, an agent must send nothing more to that service "
                                                   "until it has passed";
    if (violations == 0) {
      o.passed = true;
      o.message = with_ra == 0 ? "No " + join_or(p.statuses) + " response with Retry-After reached your agents, so there was nothing to honour."
                               : "Every one of the " + num(with_ra) + " responses with Retry-After was honoured.";
      return o;
    }
    o.message = first + ". " + rule + " (tolerance " + fixed(p.tolerance_s, 2) + " s); " + num(violations) + " of " +
                num(with_ra) + " Retry-After waits were cut short. " + advice;
    return o;
  }
};

// --- exponential_backoff ---------------------------------------------------------------

struct BackoffParams {
  std::vector<int> statuses{429, 503};
  double immediate_s = 0.001;
  double max_immediate_share = 0.05;
  double cap_s = 60;
  double cap_tolerance_s = 1;
  double growth = 1.3;
  std::int64_t min_samples = 20;
};

struct Retry {
  int failed;   // index of the failed attempt
  int level;    // its attempt number: the wait before attempt level + 1
  Micros wait;  // the wait the code chose (Gap::chosen)
};

std::vector<Retry> retries_after(const Trace& tr, const std::vector<int>& statuses, bool include_retry_after) {
  std::vector<Retry> out;
  const auto& reqs = tr.requests();
  for (int i = 0; i < static_cast<int>(reqs.size()); ++i) {
    const RequestRec& r = reqs[i];
    if (r.next < 0 || r.received < 0 || !contains(statuses, r.status)) continue;
    if (r.has_retry_after && !include_retry_after) continue;
    out.push_back({i, r.attempt, gap_after(tr, r).chosen()});
  }
  return out;
}

// The 90th percentile (nearest rank): with full, equal or decorrelated jitter the upper
// end of the waits tracks the backoff ceiling far more steadily than the median does.
Micros p90(std::vector<Micros> v) {
  std::sort(v.begin(), v.end());
  std::size_t rank = (v.size() * 9 + 9) / 10;  // ceil(0.9 n)
  return v[rank - 1];
}

class ExponentialBackoff final : public TypedCheck<BackoffParams> {
 public:
  std::string_view name() const override { return "exponential_backoff"; }
  std::string_view summary() const override {
    return "retries after a 429/503 without Retry-After are not sent at once, their wait ceiling grows by a factor "
           "per attempt, and no wait exceeds a cap (full jitter, which may wait almost 0 s, passes)";
  }

 protected:
  void parse(ParamReader& r, BackoffParams& p) const override {
    r.known_keys({"statuses", "immediate_s", "max_immediate_share", "cap_s", "cap_tolerance_s", "growth", "min_samples"});
    p.statuses = r.int_list("statuses", p.statuses, 100, 599);
    p.immediate_s = r.number("immediate_s", p.immediate_s, 0, 60);
    p.max_immediate_share = r.number("max_immediate_share", p.max_immediate_share, 0, 1);
    p.cap_s = r.number("cap_s", p.cap_s, 0.001, 86400);
    p.cap_tolerance_s = r.number("cap_tolerance_s", p.cap_tolerance_s, 0, 3600);
    p.growth = r.number("growth", p.growth, 1, 100);
    p.min_samples = r.integer("min_samples", p.min_samples, 1, 1000000);
  }

  CheckOutcome run(const BackoffParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& reqs = tr.requests();
    std::vector<Retry> retries = retries_after(tr, p.statuses, false);
    const std::string what = join_or(p.statuses) + " without Retry-After";
    if (retries.empty()) {
      o.passed = true;
      o.message = "No request was retried after a " + what + ", so there was no backoff to check.";
      return o;
    }
    const Micros immediate = sim::from_seconds(p.immediate_s);
    const Micros cap = sim::from_seconds(p.cap_s + p.cap_tolerance_s);
    // 1. Retries sent (almost) at once. Full jitter may draw a tiny wait now and then, so a
    //    share is allowed; an immediate-retry loop sends most of its retries that way.
    std::size_t too_soon = 0, too_soon_unslept = 0, too_long = 0;
    const Retry* first_soon = nullptr;
    const Retry* longest = nullptr;
    for (const auto& r : retries) {
      if (r.wait < immediate) {
        if (!first_soon) first_soon = &r;
        ++too_soon;
        if (gap_after(tr, reqs[r.failed]).first_sleep < 0) ++too_soon_unslept;
        if (o.evidence.size() < 30) {
          o.evidence.push_back(reqs[r.failed].result);
          o.evidence.push_back(reqs[reqs[r.failed].next].id);
        }
      } else if (r.wait > cap) {
        ++too_long;
        if (!longest || r.wait > longest->wait) longest = &r;
      }
    }
    const double allowed_soon = std::max(2.0, p.max_immediate_share * static_cast<double>(retries.size()));
    if (static_cast<double>(too_soon) > allowed_soon + 1e-9) {
      o.message = "Retries came at once: " + num(too_soon) + " of " + num(retries.size()) + " retries after a " + what +
                  " waited less than " + secs(immediate) + " s. " + retry_story(tr, reqs[first_soon->failed]) + ". ";
      o.message += too_soon_unslept * 2 >= too_soon
                       ? "Most of them did not sleep at all: sleep before every retry, a random time between 0 and "
                         "min(cap, base * 2^n) seconds (full jitter)."
                       : "They slept, but for less than " + secs(immediate) +
                             " s: time.sleep takes seconds, not milliseconds, and the base of the backoff should be a "
                             "good fraction of a second.";
      o.message += " At most " + percent(p.max_immediate_share) + " of the retries may come that soon.";
      return o;
    }
    o.evidence.clear();
    if (too_long) {
      const RequestRec& f = reqs[longest->failed];
      o.evidence = {f.result, reqs[f.next].id};
      o.message = retry_story(tr, f) + ". Backoff must be capped at " + fixed(p.cap_s, 1) + " s (plus " +
                  fixed(p.cap_tolerance_s, 1) + " s of tolerance); " + num(too_long) + " of " + num(retries.size()) +
                  (too_long == 1 ? " waits was" : " waits were") + " longer, the longest " + secs(longest->wait) +
                  " s. Take the ceiling as min(cap, base * 2^n) before drawing the random wait.";
      return o;
    }
    // 2. Growth: the 90th-percentile wait before attempt n+1 against the one before attempt n.
    std::map<int, std::vector<Micros>> by_level;
    for (const auto& r : retries) by_level[r.level].push_back(r.wait);
    std::string judged;
    for (auto it = by_level.begin(); it != by_level.end(); ++it) {
      auto nx = std::next(it);
      if (nx == by_level.end() || nx->first != it->first + 1) continue;
      if (static_cast<std::int64_t>(it->second.size()) < p.min_samples ||
          static_cast<std::int64_t>(nx->second.size()) < p.min_samples)
        continue;
      Micros m1 = p90(it->second), m2 = p90(nx->second);
      // Near the cap waits stop growing: judge only levels whose doubling stays under it.
      if (2.5 * static_cast<double>(m1) > static_cast<double>(sim::from_seconds(p.cap_s))) continue;
      double ratio = m1 > 0 ? static_cast<double>(m2) / static_cast<double>(m1) : 100.0;
      if (!judged.empty()) judged += ", ";
      judged += ordinal(it->first + 1) + "->" + ordinal(nx->first + 1) + " x" + fixed(ratio, 2);
      if (ratio + 1e-9 < p.growth) {
        o.message = "Backoff does not grow. ";
        // Cite one chain that shows it: two failures in a row, both retried.
        for (const auto& r : retries) {
          if (r.level != it->first) continue;
          const RequestRec& f = reqs[r.failed];
          const RequestRec& n = reqs[f.next];
          if (n.next < 0 || !contains(p.statuses, n.status) || n.has_retry_after) continue;
          o.evidence = {f.result, n.id, n.result, reqs[n.next].id};
          o.message += retry_story(tr, f) + "; that got " + outcome_ref(n) + " too, and the task " +
                       describe_gap(gap_after(tr, n), n) + " (request #" + std::to_string(reqs[n.next].id) + "). ";
          break;
        }
        o.message += "The longer waits before the " + ordinal(nx->first + 1) + " attempt (90th percentile " +
                     secs(m2) + " s) are only x" + fixed(ratio, 2) + " those before the " + ordinal(it->first + 1) +
                     " (" + secs(m1) + " s); after a " + what + " the wait ceiling must grow by at least x" +
                     fixed(p.growth, 2) + " per failed attempt until the " + fixed(p.cap_s, 1) + " s cap. ";
        o.message += ratio < 1.05 ? "Your wait does not depend on the attempt number: use base * 2^n for the n-th "
                                    "retry, and draw the random wait below that ceiling."
                                  : "Double the ceiling after each failure (base * 2^n).";
        return o;
      }
    }
    o.passed = true;
    o.message = "All " + num(retries.size()) + " retries after a " + what + " waited at most the " + fixed(p.cap_s, 1) +
                " s cap";
    o.message += too_soon ? " (" + num(too_soon) + " came within " + secs(immediate) + " s, which jitter allows)" : "";
    o.message += judged.empty() ? ", and too few failed twice in a row to measure growth."
                                : ", and the wait ceiling grew by at least x" + fixed(p.growth, 2) +
                                      " per attempt (90th percentile " + judged + ").";
    return o;
  }
};

// --- retry_jitter ----------------------------------------------------------------------

struct JitterParams {
  std::vector<int> statuses{429, 503};
  double window_s = 0.1;
  double tolerance_s = 0.001;
  double max_lockstep_share = 0.2;
  std::int64_t min_shared = 6;
  bool include_retry_after = false;
};

class RetryJitter final : public TypedCheck<JitterParams> {
 public:
  std::string_view name() const override { return "retry_jitter"; }
  std::string_view summary() const override {
    return "retries after failures that hit several callers at once are spread out by random jitter, not sent in "
           "lockstep";
  }

 protected:
  void parse(ParamReader& r, JitterParams& p) const override {
    r.known_keys({"statuses", "window_s", "tolerance_s", "max_lockstep_share", "min_shared", "include_retry_after"});
    p.statuses = r.int_list("statuses", p.statuses, 100, 599);
    p.window_s = r.number("window_s", p.window_s, 0, 60);
    p.tolerance_s = r.number("tolerance_s", p.tolerance_s, 0, 60);
    p.max_lockstep_share = r.number("max_lockstep_share", p.max_lockstep_share, 0, 1);
    p.min_shared = r.integer("min_shared", p.min_shared, 1, 1000000);
    p.include_retry_after = r.boolean("include_retry_after", p.include_retry_after);
  }

  CheckOutcome run(const JitterParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& reqs = tr.requests();
    // The wait the code chose: its first sleep right after the failure, when there is one (a
    // limiter queue after it does not make a fixed backoff random), else the whole gap.
    std::vector<Retry> retries = retries_after(tr, p.statuses, p.include_retry_after);
    // By the time the failure reached the client (ties by request id: total order).
    std::sort(retries.begin(), retries.end(), [&](const Retry& a, const Retry& b) {
      const RequestRec& x = reqs[a.failed];
      const RequestRec& y = reqs[b.failed];
      return x.received != y.received ? x.received < y.received : x.id < y.id;
    });
    const Micros window = sim::from_seconds(p.window_s);
    const Micros tol = sim::from_seconds(p.tolerance_s);
    std::size_t shared = 0, lockstep = 0;
    int ex_a = -1, ex_b = -1;
    std::map<Micros, std::size_t> lockstep_waits;  // how often each wait was sent in lockstep
    for (std::size_t i = 0; i < retries.size(); ++i) {
      const RequestRec& fi = reqs[retries[i].failed];
      bool is_shared = false, is_lock = false;
      int partner = -1;
      auto consider = [&](std::size_t j) {
        const RequestRec& fj = reqs[retries[j].failed];
        if (fj.chain == fi.chain || retries[j].level != retries[i].level) return;
        is_shared = true;
        Micros d = retries[i].wait - retries[j].wait;
        if (d < 0) d = -d;
        if (d <= tol && !is_lock) {
          is_lock = true;
          partner = static_cast<int>(j);
        }
      };
      for (std::size_t j = i; j-- > 0;) {
        if (fi.received - reqs[retries[j].failed].received > window) break;
        consider(j);
      }
      for (std::size_t j = i + 1; j < retries.size(); ++j) {
        if (reqs[retries[j].failed].received - fi.received > window) break;
        consider(j);
      }
      shared += is_shared;
      lockstep += is_lock;
      if (is_lock) ++lockstep_waits[retries[i].wait];
      if (is_lock && ex_a < 0) {
        ex_a = static_cast<int>(i);
        ex_b = partner;
      }
    }
    const std::string what = join_or(p.statuses) + (p.include_retry_after ? "" : " without Retry-After");
    if (static_cast<std::int64_t>(shared) < p.min_shared) {
      o.passed = true;
      o.message = "Only " + num(shared) + " retries followed a " + what + " that hit another caller within " +
                  fixed(p.window_s, 2) + " s, fewer than the " + std::to_string(p.min_shared) +
                  " needed to judge jitter; nothing was sent in lockstep that could be seen.";
      return o;
    }
    double share = static_cast<double>(lockstep) / static_cast<double>(shared);
    if (share <= p.max_lockstep_share + 1e-12) {
      o.passed = true;
      o.message = "Retries were spread out: of " + num(shared) + " retries after a " + what +
                  " shared with another caller, " + percent(share) + " waited the same time as another (within " +
                  seconds(tol, 3) + " s); at most " + percent(p.max_lockstep_share) + " may.";
      return o;
    }
    const RequestRec& fa = reqs[retries[ex_a].failed];
    const RequestRec& fb = reqs[retries[ex_b].failed];
    const RequestRec& na = reqs[fa.next];
    const RequestRec& nb = reqs[fb.next];
    o.evidence = {fa.result, fb.result, na.id, nb.id};
    auto common = std::max_element(lockstep_waits.begin(), lockstep_waits.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
    o.message = "Retries went out in lockstep: " + who_or_agent(tr, fa) + " got " + outcome_ref(fa) + " at t=" +
                seconds(fa.received) + " s and " + who_or_agent(tr, fb) + " got " + outcome_ref(fb) + " at t=" +
                seconds(fb.received) + " s, and both " +
                (gap_after(tr, fa).first_sleep >= 0 ? "first slept exactly " : "waited exactly ") +
                seconds(retries[ex_a].wait, 3) +
                " s before retrying (#" + std::to_string(na.id) + ", #" + std::to_string(nb.id) + "). " +
                percent(share) + " of " + num(shared) + " such retries matched another's wait within " +
                seconds(tol, 3) + " s; at most " + percent(p.max_lockstep_share) + " may. ";
    if (common->second >= 2)
      o.message += num(common->second) + " of the " + num(lockstep) + " waits in lockstep were exactly " +
                   seconds(common->first, 3) + " s: that wait has no random part. ";
    o.message += "Draw every backoff wait at random, e.g. math.random() * min(cap, base * 2^n).";
    return o;
  }
};

// --- max_attempts ----------------------------------------------------------------------

struct AttemptsParams {
  std::int64_t max = 5;
};

class MaxAttempts final : public TypedCheck<AttemptsParams> {
 public:
  std::string_view name() const override { return "max_attempts"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "no call is attempted more than `max` times in a row (the first call included)";
  }

 protected:
  void parse(ParamReader& r, AttemptsParams& p) const override {
    r.known_keys({"max"});
    p.max = r.integer("max", p.max, 1, 1000000);
  }

  CheckOutcome run(const AttemptsParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& reqs = tr.requests();
    std::size_t over = 0, longest = 0;
    const std::vector<int>* worst = nullptr;
    for (const auto& chain : tr.chains()) {
      if (chain.size() > longest) {
        longest = chain.size();
        if (static_cast<std::int64_t>(chain.size()) > p.max) worst = &chain;
      }
      if (static_cast<std::int64_t>(chain.size()) > p.max) ++over;
    }
    if (!worst) {
      o.passed = true;
      o.message = "No call was attempted more than " + std::to_string(p.max) +
                  " times (the first call included); the most was " + std::to_string(longest) + ".";
      return o;
    }
    for (int idx : *worst) {
      if (o.evidence.size() >= 30) break;
      o.evidence.push_back(reqs[idx].id);
    }
    const RequestRec& a = reqs[worst->front()];
    const RequestRec& z = reqs[worst->back()];
    const std::string agent(tr.str(a.agent));
    if (a.item)
      o.message = "Work item " + std::string(tr.str(a.item)) + " was attempted " + std::to_string(worst->size()) +
                  " times in a row" + (agent.empty() ? "" : " by " + agent) + ": it was";
    else
      o.message = "The same call was attempted " + std::to_string(worst->size()) + " times in a row: " +
                  (agent.empty() ? "" : agent + "'s ") + std::string(a.method) + " " + std::string(a.url) + " was";
    o.message += " first sent as request #" + std::to_string(a.id) + " at t=" + seconds(a.sent) + " s and last as #" +
                 std::to_string(z.id) + " at t=" + seconds(z.sent) + " s";
    const RequestRec& before_last = reqs[(*worst)[static_cast<std::size_t>(p.max) - 1]];
    o.message += "; the " + ordinal(static_cast<int>(p.max) + 1) + " attempt was sent after the " +
                 ordinal(static_cast<int>(p.max)) + " got " + outcome_ref(before_last) + ". At most " + std::to_string(p.max) +
                 " attempts (the first call included) are allowed: count them per work item and, after the " +
                 ordinal(static_cast<int>(p.max)) + " failure, report the item (e.g. dead-letter it) instead of "
                 "trying again. " +
                 num(over) + (over == 1 ? " work item went" : " work items went") + " over.";
    return o;
  }
};

// --- no_retry_of -----------------------------------------------------------------------

struct NoRetryParams {
  std::vector<int> statuses{400, 403, 404};
};

class NoRetryOf final : public TypedCheck<NoRetryParams> {
 public:
  std::string_view name() const override { return "no_retry_of"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "a request answered with a status that retrying cannot fix (400, 403, 404 by default) is never sent again";
  }

 protected:
  void parse(ParamReader& r, NoRetryParams& p) const override {
    r.known_keys({"statuses"});
    p.statuses = r.int_list("statuses", p.statuses, 100, 599);
    if (p.statuses.empty()) r.error("statuses", "list at least one status");
  }

  CheckOutcome run(const NoRetryParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& reqs = tr.requests();
    std::size_t seen = 0, retried = 0;
    const RequestRec* first = nullptr;
    for (const auto& r : reqs) {
      if (!contains(p.statuses, r.status)) continue;
      ++seen;
      if (r.next < 0) continue;
      ++retried;
      if (!first) first = &r;
      if (o.evidence.size() < 30) {
        o.evidence.push_back(reqs[r.next].id);
        o.evidence.push_back(r.result);
      }
    }
    if (!first) {
      o.passed = true;
      o.message = seen == 0 ? "No request got a " + join_or(p.statuses) + ", so there was nothing to leave alone."
                            : "None of the " + num(seen) + " requests answered " + join_or(p.statuses) +
                                  " was sent again.";
      return o;
    }
    const RequestRec& n = reqs[first->next];
    o.message = request_ref(n) + " repeated request #" + std::to_string(first->id) + ", which had got " +
                outcome_ref(*first) + ". A " + std::to_string(first->status) +
                " means the request itself is wrong, so sending it again cannot succeed: never retry " +
                join_or(p.statuses) + "; report the task instead. " + num(retried) + " of " + num(seen) +
                " such requests were retried.";
    return o;
  }
};

}  // namespace

void register_retry_checks(Registry& r) {
  add_kind(r, std::make_unique<RetryAfterHonoured>());
  add_kind(r, std::make_unique<ExponentialBackoff>());
  add_kind(r, std::make_unique<RetryJitter>());
  add_kind(r, std::make_unique<MaxAttempts>());
  add_kind(r, std::make_unique<NoRetryOf>());
}

}  // namespace fl::grade

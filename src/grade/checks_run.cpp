// Checks about the run as a whole and the workload's tasks: the run completed, every task
// was accounted for, urgent tasks were answered fast enough.
#include <algorithm>
#include <limits>

#include "grade/checks_common.h"

namespace fl::grade {

namespace {

using namespace detail;

// --- run_completed ---------------------------------------------------------------------

struct NoParams {};

class RunCompleted final : public TypedCheck<NoParams> {
 public:
  std::string_view name() const override { return "run_completed"; }
  std::string_view summary() const override {
    return "the learner's code ran to the end: no error, no limit hit";
  }
  bool judges_run_completion() const override { return true; }

 protected:
  void parse(ParamReader& r, NoParams&) const override { r.known_keys({}); }
  CheckOutcome run(const NoParams&, const CheckContext& ctx) const override {
    CheckOutcome o;
    const RunFacts& f = ctx.run;
    if (f.ok()) {
      o.passed = true;
      o.message = "Your code ran to the end without an error (" + seconds(f.virtual_duration) +
                  " s of virtual time).";
      return o;
    }
    // The agent or run event that recorded the stop, for the timeline.
    const auto& j = ctx.trace.journal();
    for (std::size_t id = j.size(); id >= 1; --id) {
      const auto agent = sim::decode<sim::AgentLifecycleEvent>(j, static_cast<EventId>(id));
      if ((agent && agent->line > 0) || sim::decode<sim::RunEvent>(j, static_cast<EventId>(id))) {
        o.evidence.push_back(static_cast<EventId>(id));
        break;
      }
      if (j.size() - id > 64) break;
    }
    std::string where = f.line > 0 ? " at line " + std::to_string(f.line) : "";
    std::string who = f.agent.empty() ? "" : " (" + f.agent + ")";
    if (f.status == RunFacts::Status::limit)
      o.message = "Your code was stopped" + where + who + " after " + seconds(f.virtual_duration) +
                  " s of virtual time: " + f.message + ".";
    else
      o.message = "Your code stopped with an error" + where + who + ": " + f.message;
    return o;
  }
};

// --- tasks_accounted -------------------------------------------------------------------

struct TasksParams {
  std::vector<std::string> outcomes{"done", "fallback", "escalated", "dead_letter"};
  double min_done_share = 0;
  std::string priority;  // "" = every task
};

std::string outcome_label(const std::string& o) { return o == "dead_letter" ? "dead-lettered" : o; }

class TasksAccounted final : public TypedCheck<TasksParams> {
 public:
  std::string_view name() const override { return "tasks_accounted"; }
  std::string_view summary() const override {
    return "every task of the workload ends with an explicit outcome; optionally a minimum share done";
  }

 protected:
  void parse(ParamReader& r, TasksParams& p) const override {
    r.known_keys({"outcomes", "min_done_share", "priority"});
    p.outcomes = r.string_list("outcomes", p.outcomes);
    for (const auto& o : p.outcomes)
      if (o != "done" && o != "fallback" && o != "escalated" && o != "dead_letter" && o != "failed")
        r.error("outcomes", "unknown outcome \"" + o + "\"; expected done, fallback, escalated, dead_letter or failed");
    if (p.outcomes.empty()) r.error("outcomes", "list at least one outcome");
    p.min_done_share = r.number("min_done_share", 0, 0, 1);
    p.priority = r.string("priority", "");
  }

  CheckOutcome run(const TasksParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    std::size_t total = 0, done = 0, missing = 0, rejected = 0;
    const TaskRec* first_missing = nullptr;
    const TaskRec* first_rejected = nullptr;
    std::vector<std::pair<std::string, std::size_t>> by_outcome;
    for (const auto& t : ctx.trace.tasks()) {
      if (!p.priority.empty() && t.priority != p.priority) continue;
      ++total;
      if (t.outcome.empty()) {
        ++missing;
        if (!first_missing) first_missing = &t;
        if (t.arrival_event) o.evidence.push_back(t.arrival_event);
        continue;
      }
      if (t.outcome == "done") ++done;
      auto it = std::find_if(by_outcome.begin(), by_outcome.end(), [&](auto& x) { return x.first == t.outcome; });
      if (it == by_outcome.end()) by_outcome.emplace_back(t.outcome, 1);
      else ++it->second;
      if (!contains(p.outcomes, t.outcome)) {
        ++rejected;
        if (!first_rejected) first_rejected = &t;
        o.evidence.push_back(t.outcome_event);
      }
    }
    cap_evidence(o.evidence);
    std::string what = p.priority.empty() ? "tasks" : p.priority + " tasks";
    if (total == 0) {
      o.message = "No " + what + " of the workload appeared in the trace, so none were handled.";
      return o;
    }
    std::string accepted;
    {
      std::vector<std::string> labels;
      for (const auto& x : p.outcomes) labels.push_back(outcome_label(x));
      accepted = join_or(labels);
    }
    if (missing > 0) {
      o.message = num(missing) + " of " + num(total) + " " + what + " were never reported (for example " +
                  first_missing->id +
                  (first_missing->arrived >= 0 ? ", which arrived at t=" + seconds(first_missing->arrived) + " s" +
                                                     (first_missing->arrival_event
                                                          ? " (#" + std::to_string(first_missing->arrival_event) + ")"
                                                          : "")
                                               : std::string()) +
                  "). Every task must end as " + accepted + ": a record that is silently dropped is lost.";
      return o;
    }
    if (rejected > 0) {
      o.message = num(rejected) + " of " + num(total) + " " + what + " ended as \"" + first_rejected->outcome +
                  "\" (for example " + first_rejected->id + ", #" + std::to_string(first_rejected->outcome_event) +
                  "). Every task must end as " + accepted + ".";
      return o;
    }
    double share = static_cast<double>(done) / static_cast<double>(total);
    std::string breakdown;
    std::sort(by_outcome.begin(), by_outcome.end());
    for (const auto& [name, n] : by_outcome) {
      if (!breakdown.empty()) breakdown += ", ";
      breakdown += num(n) + " " + outcome_label(name);
    }
    if (share + 1e-12 < p.min_done_share) {
      o.message = "Only " + percent(share) + " of " + what + " were done (" + num(done) + " of " + num(total) + ": " +
                  breakdown + "); at least " + percent(p.min_done_share) +
                  " must be done, so give up on a task only when retrying cannot help.";
      return o;
    }
    o.passed = true;
    o.evidence.clear();
    o.message = "All " + num(total) + " " + what + " were accounted for (" + breakdown + ")" +
                (p.min_done_share > 0 ? "; at least " + percent(p.min_done_share) + " had to be done." : ".");
    return o;
  }
};

// --- task_latency ----------------------------------------------------------------------

struct LatencyItem {
  Micros latency;
  const TaskRec* task;
};

// Why the tasks over `bound` were slow, from their requests (those that name the task), with
// advice for the most common cause: never done, queued before the first request, waiting
// between a failure and its retry, or slow answers.
std::string slow_causes(const Trace& tr, const std::vector<LatencyItem>& items, Micros bound, Micros never) {
  std::size_t not_done = 0, queued = 0, retrying = 0, slow_answers = 0, unknown = 0;
  const TaskRec* ex_queued = nullptr;
  const TaskRec* ex_retry = nullptr;
  Micros ex_queue_wait = 0, ex_retry_wait = 0;
  const auto& reqs = tr.requests();
  for (const auto& it : items) {
    if (it.latency <= bound) continue;
    const TaskRec& t = *it.task;
    if (it.latency == never) {
      ++not_done;
      continue;
    }
    if (t.requests.empty()) {
      ++unknown;
      continue;
    }
    const RequestRec& first = reqs[static_cast<std::size_t>(t.requests.front())];
    Micros queue_wait = first.sent - t.arrived;
    Micros between = 0;  // time between an answer and the next request for the task
    for (std::size_t k = 0; k + 1 < t.requests.size(); ++k) {
      const RequestRec& a = reqs[static_cast<std::size_t>(t.requests[k])];
      const RequestRec& b = reqs[static_cast<std::size_t>(t.requests[k + 1])];
      if (a.received >= 0 && b.sent > a.received) between += b.sent - a.received;
    }
    if (queue_wait * 2 >= it.latency) {
      ++queued;
      if (!ex_queued || queue_wait > ex_queue_wait) {
        ex_queued = &t;
        ex_queue_wait = queue_wait;
      }
    } else if (between * 2 >= it.latency) {
      ++retrying;
      if (!ex_retry || between > ex_retry_wait) {
        ex_retry = &t;
        ex_retry_wait = between;
      }
    } else {
      ++slow_answers;
    }
  }
  std::size_t slow = not_done + queued + retrying + slow_answers + unknown;
  std::string out = "Of the " + num(slow) + " over the bound, ";
  std::vector<std::string> parts;
  if (not_done) parts.push_back(num(not_done) + " never ended as done");
  if (queued) parts.push_back(num(queued) + " waited more than half their time before their first request");
  if (retrying) parts.push_back(num(retrying) + " spent more than half their time between a failed attempt and the next");
  if (slow_answers) parts.push_back(num(slow_answers) + " were slowed by long answers");
  if (unknown) parts.push_back(num(unknown) + " made no request that names them");
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  out += ". ";
  std::size_t top = std::max({not_done, queued, retrying, slow_answers});
  if (top == 0) return out;
  if (top == queued) {
    out += "Task " + ex_queued->id + " waited " + seconds(ex_queue_wait) +
           " s before its first request: urgent work queued behind other work. Give it its own workers and "
           "capacity at your limiter that the batch cannot take.";
  } else if (top == retrying) {
    out += "Task " + ex_retry->id + " spent " + seconds(ex_retry_wait) +
           " s waiting between failed attempts and their retries: keep the first backoff waits short for urgent "
           "work (full jitter from a small base), and pace so that it is rarely throttled.";
  } else if (top == not_done) {
    out += "A query counts as answered only when ctx.done reports it: one that was dead-lettered or never "
           "reported counts as infinitely slow, so retry urgent work until it succeeds or its attempts run out.";
  } else {
    out += "The answers themselves were slow: a shorter timeout and a quick retry can help.";
  }
  return out;
}

struct LatencyParams {
  std::string priority = "urgent";
  double percentile = 95;
  double max_s = 0;
  std::vector<std::string> outcomes{"done"};
};

class TaskLatency final : public TypedCheck<LatencyParams> {
 public:
  std::string_view name() const override { return "task_latency"; }
  std::string_view summary() const override {
    return "a percentile of task latency (arrival to outcome) for one priority stays below a bound";
  }

 protected:
  void parse(ParamReader& r, LatencyParams& p) const override {
    r.known_keys({"priority", "percentile", "max_s", "outcomes"});
    p.priority = r.string("priority", p.priority);
    p.percentile = r.number("percentile", p.percentile, 1, 100);
    p.max_s = r.required_number("max_s", 0.000001, 1e6);
    p.outcomes = r.string_list("outcomes", p.outcomes);
  }

  CheckOutcome run(const LatencyParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    using Item = LatencyItem;
    std::vector<Item> items;
    const Micros never = std::numeric_limits<Micros>::max();
    for (const auto& t : ctx.trace.tasks()) {
      if (!p.priority.empty() && t.priority != p.priority) continue;
      if (t.arrived < 0) continue;
      Micros lat = (t.finished >= 0 && contains(p.outcomes, t.outcome)) ? t.finished - t.arrived : never;
      items.push_back({lat, &t});
    }
    std::string what = p.priority.empty() ? "tasks" : p.priority + " tasks";
    std::string pname = "p";
    pname += fixed(p.percentile, p.percentile == static_cast<int>(p.percentile) ? 0 : 1);
    const Micros bound = sim::from_seconds(p.max_s);
    if (items.empty()) {
      o.message = "No " + what + " arrived in this run, so their latency could not be measured.";
      return o;
    }
    // Nearest rank, ties broken by arrival order (stable): deterministic.
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.latency < b.latency; });
    std::size_t rank = static_cast<std::size_t>(
        std::max<double>(1.0, std::ceil(p.percentile / 100.0 * static_cast<double>(items.size()) - 1e-9)));
    if (rank > items.size()) rank = items.size();
    const Item& at = items[rank - 1];
    auto describe = [&](const Item& it) {
      const TaskRec& t = *it.task;
      std::string s = "task " + t.id + " arrived at t=" + seconds(t.arrived) + " s (#" + std::to_string(t.arrival_event) + ")";
      if (it.latency == never) {
        if (t.outcome.empty()) s += " and was never answered";
        else s += " and ended as " + t.outcome + " (#" + std::to_string(t.outcome_event) + "), which does not count as answered";
      } else {
        s += " and was answered at t=" + seconds(t.finished) + " s (#" + std::to_string(t.outcome_event) + ")";
      }
      return s;
    };
    std::string value = at.latency == never ? "unbounded (some were never answered)" : seconds(at.latency) + " s";
    if (at.latency <= bound) {
      o.passed = true;
      o.message = "The " + pname + " latency of the " + num(items.size()) + " " + what + " was " + value +
                  ", within the bound of " + fixed(p.max_s, 2) + " s.";
      return o;
    }
    const Item& worst = items.back();
    for (auto it = items.rbegin(); it != items.rend() && o.evidence.size() < 10; ++it) {
      if (it->latency <= bound) break;
      if (it->task->arrival_event) o.evidence.push_back(it->task->arrival_event);
      if (it->task->outcome_event) o.evidence.push_back(it->task->outcome_event);
    }
    o.message = "The " + pname + " latency of the " + num(items.size()) + " " + what + " was " + value +
                "; the bound is " + fixed(p.max_s, 2) + " s. The slowest: " + describe(worst) + ". " +
                slow_causes(ctx.trace, items, bound, never);
    return o;
  }
};

}  // namespace

void register_run_checks(Registry& r) {
  add_kind(r, std::make_unique<RunCompleted>());
  add_kind(r, std::make_unique<TasksAccounted>());
  add_kind(r, std::make_unique<TaskLatency>());
}

}  // namespace fl::grade

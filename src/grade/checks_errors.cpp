// Checks about error handling (lab 3, lesson 3): the right outcome for an error class (a 403
// goes to a person), transient failures retried with backoff inside a retry budget, a
// circuit breaker that opens, probes and closes (as the learner reports it with
// trace.state), labelled fallbacks while it is open, and every failure logged with its level
// and code.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "grade/checks_common.h"

namespace fl::grade {

namespace {

using namespace detail;

bool id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == ':';
}

// Work items a request was made for: the task ids that appear as whole words in its URL,
// body or header values (labs tell learners to send the item's id, e.g. as an idempotency key).
class ItemLinks {
 public:
  explicit ItemLinks(const Trace& tr) : tr_(tr) {
    for (std::size_t i = 0; i < tr.tasks().size(); ++i) by_id_.emplace(tr.tasks()[i].id, i);
  }
  const TaskRec* item_of(const RequestRec& r) const {
    if (const TaskRec* t = scan(r.url)) return t;
    if (const TaskRec* t = scan(r.body)) return t;
    sim::Headers h = tr_.journal().headers(tr_.journal().at(r.id));
    for (std::size_t i = 0; i < h.size(); ++i)
      if (const TaskRec* t = scan(h.value(i))) return t;
    return nullptr;
  }

 private:
  const TaskRec* scan(std::string_view s) const {
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && !id_char(s[i])) ++i;
      std::size_t start = i;
      while (i < s.size() && id_char(s[i])) ++i;
      if (i > start) {
        auto it = by_id_.find(std::string(s.substr(start, i - start)));
        if (it != by_id_.end()) return &tr_.tasks()[it->second];
      }
    }
    return nullptr;
  }
  const Trace& tr_;
  std::unordered_map<std::string, std::size_t> by_id_;  // lookups only, never iterated
};

bool is_failure(const RequestRec& r, const std::vector<int>& statuses, bool net_errors) {
  if (r.received < 0) return false;
  if (!r.net_error.empty()) return net_errors;
  return contains(statuses, r.status);
}

// --- outcome_on_status -------------------------------------------------------------------

struct OutcomeOnStatusParams {
  std::vector<int> statuses;
  std::string outcome;
};

class OutcomeOnStatus final : public TypedCheck<OutcomeOnStatusParams> {
 public:
  std::string_view name() const override { return "outcome_on_status"; }
  std::string_view summary() const override {
    return "a work item whose request got one of `statuses` ends with `outcome` (e.g. a 403 is escalated to a person)";
  }

 protected:
  void parse(ParamReader& r, OutcomeOnStatusParams& p) const override {
    r.known_keys({"statuses", "outcome"});
    p.statuses = r.int_list("statuses", {}, 100, 599);
    if (p.statuses.empty()) r.error("statuses", "list at least one status");
    p.outcome = r.string("outcome", "", {"done", "fallback", "escalated", "dead_letter"});
    if (p.outcome.empty()) r.error("outcome", "missing: the outcome these items must end with");
  }

  CheckOutcome run(const OutcomeOnStatusParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    ItemLinks links(tr);
    std::vector<const TaskRec*> judged;
    std::size_t wrong = 0;
    std::string first;
    for (const auto& r : tr.requests()) {
      if (r.received < 0 || !contains(p.statuses, r.status)) continue;
      const TaskRec* t = links.item_of(r);
      if (!t || std::find(judged.begin(), judged.end(), t) != judged.end()) continue;
      judged.push_back(t);
      if (t->outcome == p.outcome) continue;
      ++wrong;
      if (o.evidence.size() < 30) {
        o.evidence.push_back(r.id);
        if (t->outcome_event) o.evidence.push_back(t->outcome_event);
      }
      if (first.empty())
        first = request_ref(r) + " for work item " + t->id + " got " + std::to_string(r.status) + ", and the item " +
                (t->outcome.empty() ? std::string("was never reported")
                                    : "ended as " + t->outcome + " (#" + std::to_string(t->outcome_event) + ")");
    }
    const std::string label = p.outcome == "dead_letter" ? "dead-lettered" : p.outcome;
    if (wrong == 0) {
      o.passed = true;
      o.message = judged.empty() ? "No work item got a " + join_or(p.statuses) + "."
                                 : "All " + num(judged.size()) + " work items that got a " + join_or(p.statuses) +
                                       " were " + label + ".";
      return o;
    }
    o.message = first + ". An item that gets a " + join_or(p.statuses) + " must be " + label +
                (p.outcome == "escalated" ? ": no retry or fallback fixes a refusal by policy, a person must decide"
                                          : "") +
                "; " + num(wrong) + " of " + num(judged.size()) + " such items were not.";
    return o;
  }
};

// --- retry_budget ----------------------------------------------------------------------

struct RetryBudgetParams {
  std::vector<std::string> services;  // empty: every service
  std::vector<int> statuses{500, 502, 503, 504, 529};
  bool net_errors = true;
  double max_extra_share = 1;
  double min_wait_s = 0.05;
  double min_retried_share = 0;
};

class RetryBudget final : public TypedCheck<RetryBudgetParams> {
 public:
  std::string_view name() const override { return "retry_budget"; }
  std::string_view summary() const override {
    return "retries of transient failures wait at least min_wait_s, make up at most max_extra_share of the requests, "
           "and (optionally) at least min_retried_share of transient failures are retried";
  }

 protected:
  void parse(ParamReader& r, RetryBudgetParams& p) const override {
    r.known_keys({"services", "statuses", "net_errors", "max_extra_share", "min_wait_s", "min_retried_share"});
    p.services = r.string_list("services", {});
    p.statuses = r.int_list("statuses", p.statuses, 100, 599);
    p.net_errors = r.boolean("net_errors", p.net_errors);
    p.max_extra_share = r.number("max_extra_share", p.max_extra_share, 0, 1);
    p.min_wait_s = r.number("min_wait_s", p.min_wait_s, 0, 3600);
    p.min_retried_share = r.number("min_retried_share", p.min_retried_share, 0, 1);
  }

  CheckOutcome run(const RetryBudgetParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& reqs = tr.requests();
    const Micros min_wait = sim::from_seconds(p.min_wait_s);
    std::size_t total = 0, retries = 0, failures = 0, retried = 0, soon = 0;
    const RequestRec* first_soon = nullptr;
    Micros soon_wait = 0;
    for (const auto& r : reqs) {
      if (!p.services.empty() && !contains(p.services, r.service)) continue;
      ++total;
      if (r.attempt > 1) ++retries;
      if (!is_failure(r, p.statuses, p.net_errors)) continue;
      ++failures;
      if (r.next < 0) continue;
      ++retried;
      const RequestRec& n = reqs[r.next];
      Micros wait = tr.sleep_started_at(r.agent, r.task, r.received, n.sent).value_or(n.sent - r.received);
      if (wait < min_wait) {
        ++soon;
        if (o.evidence.size() < 30) {
          o.evidence.push_back(n.id);
          o.evidence.push_back(r.result);
        }
        if (!first_soon) {
          first_soon = &r;
          soon_wait = wait;
        }
      }
    }
    const std::string what = "a " + join_or(p.statuses) + (p.net_errors ? " or a network failure" : "");
    const std::string where = p.services.empty() ? std::string() : " to " + join_or(p.services);
    if (first_soon) {
      o.message = request_ref(reqs[first_soon->next]) + " retried #" + std::to_string(first_soon->id) + " " +
                  seconds(soon_wait) + " s after " + outcome_ref(*first_soon) + ". Back off before retrying after " +
                  what + ": at least " + fixed(p.min_wait_s, 2) + " s, growing with each attempt; " + num(soon) +
                  " of " + num(retried) + " retries came sooner.";
      return o;
    }
    const double extra = total ? static_cast<double>(retries) / static_cast<double>(total) : 0.0;
    if (extra > p.max_extra_share + 1e-12) {
      o.message = num(retries) + " of the " + num(total) + " requests" + where + " were retries (" + percent(extra) +
                  "); the retry budget allows at most " + percent(p.max_extra_share) +
                  ". When failures pile up, retrying everything multiplies the load on a struggling service: cap "
                  "the attempts per call, and stop retrying (or open a breaker) when most calls fail.";
      return o;
    }
    const double share = failures ? static_cast<double>(retried) / static_cast<double>(failures) : 1.0;
    if (share + 1e-12 < p.min_retried_share) {
      for (const auto& r : reqs)
        if ((p.services.empty() || contains(p.services, r.service)) && is_failure(r, p.statuses, p.net_errors) &&
            r.next < 0) {
          o.evidence = {r.id, r.result};
          o.message = request_ref(r) + " got " + outcome_ref(r) + " and was never retried. ";
          break;
        }
      o.message += "Only " + num(retried) + " of " + num(failures) + " transient failures" + where + " (" +
                   percent(share) + ") were retried; at least " + percent(p.min_retried_share) +
                   " must be: " + what + " usually passes, so try again after a backoff.";
      return o;
    }
    o.passed = true;
    o.message = num(retried) + " of " + num(failures) + " transient failures" + where + " were retried" +
                (p.min_retried_share > 0 ? " (at least " + percent(p.min_retried_share) + " had to be)" : std::string()) +
                (min_wait > 0 ? ", none sooner than " + fixed(p.min_wait_s, 2) + " s" : std::string()) + "; retries were " +
                num(retries) + " of " + num(total) + " requests (" + percent(extra) +
                (p.max_extra_share < 1 ? ", at most " + percent(p.max_extra_share) + " allowed)." : ").");
    return o;
  }
};

// --- circuit_breaker ---------------------------------------------------------------------

struct BreakerParams {
  std::string service, key;
  std::int64_t threshold = 5;
  double min_probe_interval_s = 5;
  std::int64_t max_probes = 1;
  std::vector<int> statuses{500, 502, 503, 504, 529};
  bool net_errors = true;
};

std::string breaker_state(std::string_view v) {
  if (v == "half_open" || v == "half-open" || v == "halfopen") return "half_open";
  if (v == "open") return "open";
  return "closed";  // "closed", or nil (cleared)
}

class CircuitBreaker final : public TypedCheck<BreakerParams> {
 public:
  std::string_view name() const override { return "circuit_breaker"; }
  std::string_view summary() const override {
    return "a breaker reported with trace.state(key, ...) opens after `threshold` failures in a row, sends nothing "
           "while open, probes only in half_open (spaced, a few at a time) and ends closed";
  }

 protected:
  void parse(ParamReader& r, BreakerParams& p) const override {
    r.known_keys({"service", "key", "threshold", "min_probe_interval_s", "max_probes", "statuses", "net_errors"});
    p.service = r.string("service", "");
    if (p.service.empty()) r.error("service", "missing: the service the breaker protects");
    p.key = r.string("key", "");
    if (p.key.empty()) r.error("key", "missing: the trace.state key the learner reports the breaker with");
    p.threshold = r.integer("threshold", p.threshold, 1, 1000);
    p.min_probe_interval_s = r.number("min_probe_interval_s", p.min_probe_interval_s, 0, 86400);
    p.max_probes = r.integer("max_probes", p.max_probes, 1, 1000);
    p.statuses = r.int_list("statuses", p.statuses, 100, 599);
    p.net_errors = r.boolean("net_errors", p.net_errors);
  }

  CheckOutcome run(const BreakerParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& j = tr.journal();
    const auto& reqs = tr.requests();
    // One timeline per agent: answers (when they reach the client), state changes and sends.
    // At equal times an answer comes first (the code reacts to it), then journal order.
    struct Point {
      Micros t;
      int order;      // 0 answer, 1 state or send (journal order)
      EventId id;
      int request;    // index, or -1 for a state change
      bool answer;
      std::string_view state;
    };
    std::map<sim::Atom, std::vector<Point>> by_agent;
    for (int i = 0; i < static_cast<int>(reqs.size()); ++i) {
      const RequestRec& r = reqs[i];
      if (r.service != p.service) continue;
      by_agent[r.agent].push_back({r.sent, 1, r.id, i, false, {}});
      if (r.received >= 0) by_agent[r.agent].push_back({r.received, 0, r.result, i, true, {}});
    }
    bool any_state = false;
    for (const sim::StateEvent& s : sim::events_of<sim::StateEvent>(j)) {
      if (s.key.text != p.key) continue;
      any_state = true;
      by_agent[s.agent.atom].push_back({s.time, 1, s.id, -1, false, s.state.text});
    }
    const std::string thr = std::to_string(p.threshold);
    if (by_agent.empty()) {
      o.message = "No request went to " + p.service + ", so the breaker could not be judged.";
      return o;
    }
    if (!any_state) {
      o.message = "No trace.state(\"" + p.key + "\", ...) was recorded: report the breaker's state (\"closed\", "
                  "\"open\", \"half_open\") whenever it changes, so that the timeline can show it.";
      return o;
    }
    const Micros interval = sim::from_seconds(p.min_probe_interval_s);
    std::size_t opened = 0, probes = 0;
    for (auto& [agent, points] : by_agent) {
      std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
        return a.t != b.t ? a.t < b.t : (a.order != b.order ? a.order < b.order : a.id < b.id);
      });
      std::string state = "closed";
      Micros opened_at = -1, last_probe = -1, streak_at = -1;
      std::int64_t in_row = 0, probes_in_flight = 0;
      std::vector<char> is_probe(reqs.size(), 0);
      auto fail = [&](const std::string& msg, std::vector<EventId> ev) {
        o.message = msg;
        o.evidence = std::move(ev);
        return o;
      };
      for (const Point& pt : points) {
        if (pt.request < 0) {
          std::string next = breaker_state(pt.state);
          if (next == "open" && state != "open") {
            opened_at = pt.t;
            ++opened;
          }
          state = next;
          continue;
        }
        const RequestRec& r = reqs[pt.request];
        if (pt.answer) {
          if (is_probe[pt.request]) --probes_in_flight;
          if (is_failure(r, p.statuses, p.net_errors)) {
            if (++in_row == p.threshold) streak_at = pt.t;
          } else {
            in_row = 0;
          }
          continue;
        }
        if (state == "open")
          return fail(request_ref(r) + " was sent while " + std::string(tr.str(agent)) + "'s breaker was open (since t=" +
                          seconds(opened_at) + " s). An open breaker fails calls at once, without the network; only "
                          "half_open lets trial calls through.",
                      {r.id});
        // A send at the very instant the streak completed may come before the code saw it.
        if (state == "closed" && in_row >= p.threshold && r.sent > streak_at)
          return fail(request_ref(r) + " was sent with the breaker " +
                          (opened_at >= 0 ? std::string("closed again without a successful half-open trial, ")
                                          : std::string("still closed, ")) +
                          "after " + std::to_string(in_row) + " calls in a row to " + p.service +
                          " had failed. The breaker must be open by the time " + thr +
                          " calls in a row have failed (report it with trace.state(\"" + p.key +
                          "\", \"open\")), and only a successful trial in half_open closes it.",
                      {r.id});
        if (state == "half_open") {
          ++probes;
          if (opened_at >= 0 && r.sent - opened_at < interval)
            return fail(request_ref(r) + " probed " + p.service + " only " + seconds(r.sent - opened_at) +
                            " s after the breaker opened at t=" + seconds(opened_at) + " s; wait at least " +
                            fixed(p.min_probe_interval_s, 1) + " s before each half-open trial.",
                        {r.id});
          if (last_probe >= 0 && last_probe >= opened_at && probes_in_flight == 0 && r.sent - last_probe < interval &&
              in_row > 0)
            return fail(request_ref(r) + " probed " + p.service + " again " + seconds(r.sent - last_probe) +
                            " s after a failed trial; half-open trials must be at least " +
                            fixed(p.min_probe_interval_s, 1) + " s apart (open again after a failed trial).",
                        {r.id});
          if (probes_in_flight >= p.max_probes)
            return fail(request_ref(r) + " was a trial call while " + std::to_string(probes_in_flight) +
                            " others were still in flight; half_open lets at most " +
                            count(static_cast<std::size_t>(p.max_probes), "trial call", "trial calls") + " through at once.",
                        {r.id});
          is_probe[pt.request] = 1;
          ++probes_in_flight;
          last_probe = r.sent;
        }
      }
      if (state != "closed")
        return fail(std::string(tr.str(agent)) + "'s breaker for " + p.service + " was still " + state +
                        " at the end of the run, long after the service recovered. A successful half-open trial must "
                        "close it (trace.state(\"" + p.key + "\", \"closed\")).",
                    {});
    }
    if (opened == 0) {
      o.message = "The breaker for " + p.service + " never opened (no trace.state(\"" + p.key +
                  "\", \"open\")), although the service was down for minutes.";
      return o;
    }
    o.passed = true;
    o.message = "The breaker for " + p.service + " was open by the time " + thr +
                " calls in a row had failed; it opened " + count(opened, "time", "times") +
                " (reopenings after failed trials included), sent nothing while open, made " +
                count(probes, "half-open trial", "half-open trials") + " at least " +
                fixed(p.min_probe_interval_s, 1) + " s after each opening, and ended closed.";
    return o;
  }
};

// --- fallback_labelled -------------------------------------------------------------------

struct FallbackParams {
  std::string item_prefix, key, label;
};

class FallbackLabelled final : public TypedCheck<FallbackParams> {
 public:
  std::string_view name() const override { return "fallback_labelled"; }
  std::string_view summary() const override {
    return "items reported while the agent's breaker (trace.state key) is open end as fallback, and every fallback "
           "carries the label field set to true in its details";
  }

 protected:
  void parse(ParamReader& r, FallbackParams& p) const override {
    r.known_keys({"item_prefix", "key", "label"});
    p.item_prefix = r.string("item_prefix", "");
    p.key = r.string("key", "");
    if (p.key.empty()) r.error("key", "missing: the trace.state key of the breaker");
    p.label = r.string("label", "stale");
  }

  CheckOutcome run(const FallbackParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& j = tr.journal();
    std::map<sim::Atom, std::string> state;  // per agent
    std::size_t while_open = 0, fallbacks = 0;
    for (EventId id = 1; id <= j.size(); ++id) {
      if (auto s = sim::decode<sim::StateEvent>(j, id)) {
        if (s->key.text == p.key) state[s->agent.atom] = breaker_state(s->state.text);
        continue;
      }
      auto e = sim::decode<sim::TaskOutcomeEvent>(j, id);
      if (!e) continue;
      std::string_view item = e->task.text, outcome = e->outcome.text;
      if (item.substr(0, p.item_prefix.size()) != p.item_prefix) continue;
      const bool open = state[e->agent.atom] == "open";
      if (open) ++while_open;
      if (open && outcome != "fallback") {
        o.evidence = {e->id};
        o.message = "Work item " + std::string(item) + " was reported as " + std::string(outcome) + " at t=" +
                    seconds(e->time) + " s (#" + std::to_string(e->id) + ") while the breaker was open. While it is open, " +
                    "answer with a fallback: ctx.fallback(item, reason, { " + p.label + " = true, ... }).";
        return o;
      }
      if (outcome != "fallback") continue;
      ++fallbacks;
      Json details = parse_json_or_discarded(e->details);
      if (!details.is_object() || !details.contains(p.label) || details[p.label] != true) {
        o.evidence = {e->id};
        o.message = "The fallback for work item " + std::string(item) + " at t=" + seconds(e->time) + " s (#" +
                    std::to_string(e->id) + ") is not labelled: its details must have " + p.label +
                    " = true, so that whoever reads the answer knows it is not fresh.";
        return o;
      }
    }
    if (while_open == 0) {
      o.message = "No work item" + (p.item_prefix.empty() ? std::string() : " " + p.item_prefix + "...") +
                  " was answered while the breaker was open (trace.state(\"" + p.key +
                  "\", \"open\")), so no fallback could be judged: open the breaker during the outage and answer "
                  "with a labelled fallback meanwhile.";
      return o;
    }
    o.passed = true;
    o.message = "All " + num(while_open) + " work items answered while the breaker was open got a fallback, and all " +
                num(fallbacks) + " fallbacks were labelled " + p.label + " = true.";
    return o;
  }
};

// --- errors_logged -----------------------------------------------------------------------

struct ErrorsLoggedParams {
  std::vector<std::string> levels{"warn", "error"};
  std::vector<std::string> services;
  double within_s = 1;
};

// Whether a log line's fields (or message) carry `code`: a number equal to the status, or a
// string equal to it or to the network error's kind.
bool carries_code(const Json& v, int status, std::string_view kind) {
  if (v.is_number_integer()) return status && v.get<std::int64_t>() == status;
  if (v.is_number()) return status && v.get<double>() == status;
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    return (status && s == std::to_string(status)) || (!kind.empty() && s == kind) ||
           (status && s == "http_" + std::to_string(status));
  }
  if (v.is_object() || v.is_array())
    for (const auto& x : v)
      if (carries_code(x, status, kind)) return true;
  return false;
}

class ErrorsLogged final : public TypedCheck<ErrorsLoggedParams> {
 public:
  std::string_view name() const override { return "errors_logged"; }
  std::string_view summary() const override {
    return "every failed request (4xx, 5xx or network error) is followed within within_s by a log line of one of "
           "`levels` from the same task whose fields carry the status or error kind";
  }

 protected:
  void parse(ParamReader& r, ErrorsLoggedParams& p) const override {
    r.known_keys({"levels", "services", "within_s"});
    p.levels = r.string_list("levels", p.levels);
    for (const auto& l : p.levels)
      if (l != "debug" && l != "info" && l != "warn" && l != "error")
        r.error("levels", "unknown level \"" + l + "\"; expected debug, info, warn or error");
    p.services = r.string_list("services", {});
    p.within_s = r.number("within_s", p.within_s, 0, 3600);
  }

  CheckOutcome run(const ErrorsLoggedParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& j = tr.journal();
    struct Line {
      Micros t;
      EventId id;
      bool level_ok;
    };
    std::map<std::pair<sim::Atom, sim::Atom>, std::vector<Line>> lines;  // by (agent, task), time order
    for (const sim::LogEvent& log : sim::events_of<sim::LogEvent>(j))
      lines[{log.agent.atom, log.task.atom}].push_back({log.time, log.id, contains(p.levels, log.level.text)});
    const Micros within = sim::from_seconds(p.within_s);
    std::size_t failed = 0, missing = 0;
    std::string first;
    for (const auto& r : tr.requests()) {
      if (r.received < 0 || (!p.services.empty() && !contains(p.services, r.service))) continue;
      if (r.net_error.empty() && r.status < 400) continue;
      ++failed;
      bool logged = false, wrong_level = false;
      auto it = lines.find({r.agent, r.task});
      if (it != lines.end()) {
        auto l = std::lower_bound(it->second.begin(), it->second.end(), r.received,
                                  [](const Line& x, Micros t) { return x.t < t; });
        for (; l != it->second.end() && l->t <= r.received + within && !logged; ++l) {
          const sim::LogEvent log = *sim::decode<sim::LogEvent>(j, l->id);
          Json fields = parse_json_or_discarded(log.fields);
          bool code = carries_code(fields, r.status, r.net_error) || carries_code(Json(std::string(log.message)), r.status, r.net_error);
          if (!code) continue;
          if (l->level_ok) logged = true;
          else wrong_level = true;
        }
      }
      if (logged) continue;
      ++missing;
      if (o.evidence.size() < 30) o.evidence.push_back(r.id);
      if (first.empty())
        first = request_ref(r) + " got " + outcome_ref(r) + " (" + tr.who(r) + "), but " +
                (wrong_level ? "the line that logged it was not at level " + join_or(p.levels)
                             : "no log line with its code followed within " + fixed(p.within_s, 1) + " s");
    }
    if (missing == 0) {
      o.passed = true;
      o.message = failed == 0 ? "No request failed, so there was nothing to log."
                              : "All " + num(failed) + " failed requests were logged at level " + join_or(p.levels) +
                                    " with their status or error kind.";
      return o;
    }
    o.message = first + ". Log every failure at level " + join_or(p.levels) +
                " with its code in the fields (log.warn(\"...\", { status = res.status }) or { error = err.kind }); " +
                num(missing) + " of " + num(failed) + " failures were not.";
    return o;
  }
};

}  // namespace

void register_error_checks(Registry& r) {
  add_kind(r, std::make_unique<OutcomeOnStatus>());
  add_kind(r, std::make_unique<RetryBudget>());
  add_kind(r, std::make_unique<CircuitBreaker>());
  add_kind(r, std::make_unique<FallbackLabelled>());
  add_kind(r, std::make_unique<ErrorsLogged>());
}

}  // namespace fl::grade

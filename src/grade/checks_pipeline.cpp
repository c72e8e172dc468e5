// Pipeline checks (lab 4, lesson 4): effects applied once per work item, stable idempotency
// keys, resuming after a crash without redoing work, reconciling an effect whose outcome a
// crash left unknown, a bulkhead on a slow dependency, and labelled degraded outcomes.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "grade/checks_common.h"
#include "sim/http.h"

namespace fl::grade {

namespace {

using namespace detail;

// Work items by the atom the trace links requests to (RequestRec::item).
class PipelineItems {
 public:
  explicit PipelineItems(const Trace& tr) {
    for (const TaskRec& t : tr.tasks())
      if (auto a = tr.journal().find_atom(t.id)) by_atom_.emplace(*a, &t);
  }
  const TaskRec* of(const RequestRec& r) const {
    auto it = by_atom_.find(r.item);
    return r.item == 0 || it == by_atom_.end() ? nullptr : it->second;
  }

 private:
  std::unordered_map<sim::Atom, const TaskRec*> by_atom_;
};

std::string pipeline_route_list(const std::vector<std::string>& routes) { return join_or(routes); }

// The crash of `agent` that cut request r's answer, or the first crash of its agent after `t`.
const CrashRec* pipeline_crash_at(const Trace& tr, sim::Atom agent, Micros at) {
  for (const CrashRec& c : tr.crashes())
    if (c.agent == agent && c.at == at) return &c;
  return nullptr;
}

// --- effects_once ----------------------------------------------------------------------

struct EffectsOnceParams {
  std::string ledger;
  std::vector<std::string> outcomes{"done"};  // items with these outcomes need exactly one entry
};

class EffectsOnce final : public TypedCheck<EffectsOnceParams> {
 public:
  std::string_view name() const override { return "effects_once"; }
  bool failure_is_final() const override { return false; }
  std::string_view summary() const override {
    return "no work item has two applied entries in `ledger`, and every item ending with one of `outcomes` has "
           "exactly one";
  }

 protected:
  void parse(ParamReader& r, EffectsOnceParams& p) const override {
    r.known_keys({"ledger", "outcomes"});
    p.ledger = r.string("ledger", "");
    if (p.ledger.empty()) r.error("ledger", "missing: the ledger whose entries are counted");
    p.outcomes = r.string_list("outcomes", p.outcomes);
    for (const auto& o : p.outcomes)
      if (o != "done" && o != "fallback" && o != "escalated" && o != "dead_letter")
        r.error("outcomes", "unknown outcome \"" + o + "\" (expected done, fallback, escalated or dead_letter)");
  }

  CheckOutcome run(const EffectsOnceParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    PipelineItems items(tr);
    std::map<std::string, std::vector<std::pair<sim::EffectEvent, const RequestRec*>>> by_item;
    std::size_t entries = 0, unlinked = 0;
    for (const sim::EffectEvent& e : sim::events_of<sim::EffectEvent>(tr.journal())) {
      if (e.ledger.text != p.ledger || e.result.text != "applied") continue;
      ++entries;
      int ri = tr.request_index(e.request);
      const RequestRec* r = ri >= 0 ? &tr.requests()[static_cast<std::size_t>(ri)] : nullptr;
      const TaskRec* t = r ? items.of(*r) : nullptr;
      if (!t) {
        ++unlinked;
        continue;
      }
      by_item[t->id].push_back({e, r});
    }
    // Twice: the worst mistake, reported first.
    std::size_t twice = 0;
    std::string first_twice;
    for (const auto& [id, list] : by_item) {
      if (list.size() < 2) continue;
      ++twice;
      if (o.evidence.size() < 30)
        for (const auto& [e, r] : list) o.evidence.push_back(e.id);
      if (first_twice.empty()) {
        first_twice = "work item " + id + " has " + std::to_string(list.size()) + " entries in ledger " + p.ledger + ": ";
        for (std::size_t i = 0; i < list.size() && i < 3; ++i) {
          if (i) first_twice += ", ";
          const auto& [e, r] = list[i];
          first_twice += "entry " + std::to_string(e.entry) + " by " + request_ref(*r) +
                         (e.idempotency_key.empty() ? " (no idempotency key)"
                                                    : " (key '" + std::string(e.idempotency_key.substr(0, 60)) + "')");
        }
      }
    }
    if (twice > 0) {
      o.message = "Charged twice: " + first_twice + ". " + num(twice) + " work item" + (twice == 1 ? "" : "s") +
                  " got more than one entry. Send the same idempotency key on every attempt for one record, "
                  "before and after a crash, so that the server replays the first answer instead of acting again.";
      return o;
    }
    std::size_t missing = 0, judged = 0;
    std::string first_missing;
    for (const TaskRec& t : tr.tasks()) {
      if (!contains(p.outcomes, t.outcome)) continue;
      ++judged;
      if (by_item.count(t.id)) continue;
      ++missing;
      if (o.evidence.size() < 30 && t.outcome_event) o.evidence.push_back(t.outcome_event);
      if (first_missing.empty())
        first_missing = "work item " + t.id + " was reported " + t.outcome + " (#" + std::to_string(t.outcome_event) +
                        " at t=" + seconds(t.finished) + " s) but ledger " + p.ledger + " has no entry for it";
    }
    if (missing > 0) {
      o.message = "Skipped: " + first_missing + " (" + num(missing) + " of " + num(judged) +
                  " such items). A record counts as processed only once its effect happened: never mark it, or "
                  "checkpoint it, before the effect succeeded.";
      return o;
    }
    o.passed = true;
    o.message = "Every one of the " + num(judged) + " work items reported " + join_or(p.outcomes) +
                " has exactly one entry in ledger " + p.ledger + ", and no item has two (" + num(entries) +
                " entries" + (unlinked ? ", " + num(unlinked) + " of them not naming a work item" : std::string()) +
                ").";
    return o;
  }
};

// --- idempotency_keys ------------------------------------------------------------------

struct IdempotencyKeyParams {
  std::vector<std::string> routes;
  std::string header = "Idempotency-Key";
};

class IdempotencyKeys final : public TypedCheck<IdempotencyKeyParams> {
 public:
  std::string_view name() const override { return "idempotency_keys"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "every request to `routes` carries `header`, the same value for every request for one work item and "
           "route (retries and restarts included)";
  }

 protected:
  void parse(ParamReader& r, IdempotencyKeyParams& p) const override {
    r.known_keys({"routes", "header"});
    p.routes = r.string_list("routes", {});
    if (p.routes.empty()) r.error("routes", "list the route ids whose requests need an idempotency key");
    p.header = r.string("header", p.header);
  }

  CheckOutcome run(const IdempotencyKeyParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    PipelineItems items(tr);
    // (item, route) -> first key and the request that sent it
    std::map<std::pair<std::string, std::string_view>, std::pair<std::string, const RequestRec*>> first_key;
    std::size_t judged = 0, without = 0, changed = 0;
    std::string first_without, first_changed;
    for (const RequestRec& r : tr.requests()) {
      if (!contains(p.routes, r.route)) continue;
      ++judged;
      sim::Headers h = tr.journal().headers(tr.journal().at(r.id));
      auto key = h.get(p.header);
      if (!key || key->empty()) {
        ++without;
        if (o.evidence.size() < 30) o.evidence.push_back(r.id);
        if (first_without.empty()) first_without = request_ref(r) + " (route " + std::string(r.route) + ") had no " + p.header + " header";
        continue;
      }
      const TaskRec* t = items.of(r);
      if (!t) continue;
      auto [it, inserted] = first_key.emplace(std::make_pair(t->id, r.route), std::make_pair(std::string(*key), &r));
      if (inserted || it->second.first == *key) continue;
      ++changed;
      if (o.evidence.size() < 30) {
        o.evidence.push_back(it->second.second->id);
        o.evidence.push_back(r.id);
      }
      if (first_changed.empty()) {
        const CrashRec* crash = nullptr;
        for (const CrashRec& c : tr.crashes())
          if (c.agent == r.agent && c.at > it->second.second->sent && c.at <= r.sent) crash = &c;
        first_changed = "for work item " + t->id + ", " + request_ref(*it->second.second) + " sent " + p.header + " '" +
                        it->second.first.substr(0, 60) + "' and " + request_ref(r) + " sent '" +
                        std::string(key->substr(0, 60)) + "'" +
                        (crash ? " after the crash at t=" + seconds(crash->at) + " s" : std::string());
      }
    }
    if (without > 0) {
      o.message = first_without + " (" + num(without) + " of " + num(judged) + " requests to " +
                  pipeline_route_list(p.routes) + "). Every write that may be retried needs an " + p.header +
                  " derived from the record, so that the server can tell a retry from a new operation.";
      return o;
    }
    if (changed > 0) {
      o.message = "The key changed: " + first_changed + " (" + num(changed) +
                  " requests changed key). A new key per attempt makes every retry a new operation: derive the key "
                  "from the record and the step (\"charge-\" .. record.id), or store it with the record before the "
                  "first attempt, so that the same key is sent every time, after a restart too.";
      return o;
    }
    o.passed = true;
    o.message = judged == 0 ? "No request was sent to " + pipeline_route_list(p.routes) + "."
                            : "All " + num(judged) + " requests to " + pipeline_route_list(p.routes) + " carried an " +
                                  p.header + ", one per work item and route.";
    return o;
  }
};

// --- resume_without_redo ---------------------------------------------------------------

struct ResumeParams {
  std::vector<std::string> routes;
};

class ResumeWithoutRedo final : public TypedCheck<ResumeParams> {
 public:
  std::string_view name() const override { return "resume_without_redo"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "after a crash, the restarted agent sends no request to `routes` for a work item that already had an "
           "outcome, or whose request to that route had already succeeded (2xx) before the crash";
  }

 protected:
  void parse(ParamReader& r, ResumeParams& p) const override {
    r.known_keys({"routes"});
    p.routes = r.string_list("routes", {});
    if (p.routes.empty()) r.error("routes", "list the route ids whose work must not be redone");
  }

  CheckOutcome run(const ResumeParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    PipelineItems items(tr);
    if (tr.crashes().empty()) {
      o.message = "No agent crashed in this run, so nothing could be redone; the lab schedules a crash to test it.";
      o.passed = false;
      return o;
    }
    std::size_t redone = 0, after_restart = 0;
    std::string first;
    for (const RequestRec& r : tr.requests()) {
      if (!contains(p.routes, r.route)) continue;
      // The last crash of this agent before the request, if it restarted by then.
      const CrashRec* crash = nullptr;
      for (const CrashRec& c : tr.crashes())
        if (c.agent == r.agent && c.restarted >= 0 && c.restarted <= r.sent) crash = &c;
      if (!crash) continue;
      const TaskRec* t = items.of(r);
      if (!t) continue;
      ++after_restart;
      // Done before the crash: an outcome, or a success on this route that reached the agent.
      const RequestRec* done_before = nullptr;
      for (int i : t->requests) {
        const RequestRec& q = tr.requests()[static_cast<std::size_t>(i)];
        if (q.route == r.route && q.sent < crash->at && q.received >= 0 && q.received <= crash->at &&
            q.status >= 200 && q.status < 300) {
          done_before = &q;
          break;
        }
      }
      const bool had_outcome = t->finished >= 0 && t->finished <= crash->at;
      if (!done_before && !had_outcome) continue;
      ++redone;
      if (o.evidence.size() < 30) {
        o.evidence.push_back(r.id);
        o.evidence.push_back(done_before ? done_before->id : t->outcome_event);
      }
      if (first.empty())
        first = request_ref(r) + " redid route " + std::string(r.route) + " for work item " + t->id + " after the restart at t=" +
                seconds(crash->restarted) + " s, although " +
                (had_outcome ? "the item already had an outcome (" + t->outcome + ", #" + std::to_string(t->outcome_event) + ")"
                             : request_ref(*done_before) + " had already succeeded (" + outcome_ref(*done_before) +
                                   ") before the crash at t=" + seconds(crash->at) + " s");
    }
    if (redone > 0) {
      o.message = first + " (" + num(redone) + " of " + num(after_restart) +
                  " such requests after the restart redid finished work). Write each step's result to the durable "
                  "store (store.put) as soon as it succeeds, and read it back when an item comes again after a "
                  "crash (item.redelivered), so that a restart resumes where the work stopped.";
      return o;
    }
    o.passed = true;
    o.message = "After " + count(tr.crashes().size(), "crash", "crashes") + ", none of the " + num(after_restart) +
                " requests to " + pipeline_route_list(p.routes) + " redid work finished before the crash.";
    return o;
  }
};

// --- reconcile_before_retry ------------------------------------------------------------

struct ReconcileParams {
  std::vector<std::string> routes;         // effects whose outcome a crash can leave unknown
  std::vector<std::string> lookup_routes;  // where the agent asks what happened
};

class ReconcileBeforeRetry final : public TypedCheck<ReconcileParams> {
 public:
  std::string_view name() const override { return "reconcile_before_retry"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "a request to `routes` whose answer a crash cut off is not sent again for the same work item until a "
           "request to `lookup_routes` for that item, sent after the crash, got an answer";
  }

 protected:
  void parse(ParamReader& r, ReconcileParams& p) const override {
    r.known_keys({"routes", "lookup_routes"});
    p.routes = r.string_list("routes", {});
    if (p.routes.empty()) r.error("routes", "list the route ids of the effects to reconcile");
    p.lookup_routes = r.string_list("lookup_routes", {});
    if (p.lookup_routes.empty()) r.error("lookup_routes", "list the route ids that look an effect up");
  }

  CheckOutcome run(const ReconcileParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    PipelineItems items(tr);
    std::size_t unknown = 0, blind = 0, reconciled = 0;
    std::string first;
    for (const RequestRec& r : tr.requests()) {
      if (r.crashed < 0 || !contains(p.routes, r.route)) continue;
      const TaskRec* t = items.of(r);
      if (!t) continue;
      ++unknown;
      // The next request for the same item and route, and whether a lookup answered before it.
      const RequestRec* retry = nullptr;
      for (int i : t->requests) {
        const RequestRec& q = tr.requests()[static_cast<std::size_t>(i)];
        if (q.sent > r.crashed && q.route == r.route) {
          retry = &q;
          break;
        }
      }
      if (!retry) continue;  // never sent again (looked up and found, or given up): nothing blind
      bool looked_up = false;
      for (int i : t->requests) {
        const RequestRec& q = tr.requests()[static_cast<std::size_t>(i)];
        if (q.sent > r.crashed && q.received >= 0 && q.received <= retry->sent && q.status >= 200 && q.status < 300 &&
            contains(p.lookup_routes, q.route)) {
          looked_up = true;
          break;
        }
      }
      if (looked_up) {
        ++reconciled;
        continue;
      }
      ++blind;
      if (o.evidence.size() < 30) {
        o.evidence.push_back(r.id);
        o.evidence.push_back(retry->id);
      }
      if (first.empty()) {
        const CrashRec* c = pipeline_crash_at(tr, r.agent, r.crashed);
        first = request_ref(r) + " (route " + std::string(r.route) + ", work item " + t->id +
                ") was in flight when its agent crashed at t=" + seconds(r.crashed) +
                " s, so its outcome was unknown; " + request_ref(*retry) + " sent it again" +
                (c && c->restarted >= 0 ? " after the restart at t=" + seconds(c->restarted) + " s" : std::string()) +
                " without first asking " + pipeline_route_list(p.lookup_routes) + " whether it had happened";
      }
    }
    if (blind > 0) {
      o.message = first + " (" + num(blind) + " of " + num(unknown) +
                  " unknown outcomes retried blind). Before retrying an effect whose outcome is unknown, look it "
                  "up by the record's id: if it happened, record it as done; only if it did not, send it again "
                  "with the same key.";
      return o;
    }
    o.passed = true;
    o.message = unknown == 0 ? "No effect was in flight at a crash."
                             : "Each of the " + num(unknown) + " effects in flight at a crash was looked up before any retry (" +
                                   num(reconciled) + " retried after a lookup).";
    return o;
  }
};

// --- max_in_flight ---------------------------------------------------------------------

struct InFlightParams {
  std::string service;
  std::int64_t max = 1;
  std::string scope = "agent";  // agent | all
};

class MaxInFlight final : public TypedCheck<InFlightParams> {
 public:
  std::string_view name() const override { return "max_in_flight"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "at no moment are more than `max` requests to `service` in flight (sent, answer not yet received), per "
           "agent or for all agents together (a bulkhead)";
  }

 protected:
  void parse(ParamReader& r, InFlightParams& p) const override {
    r.known_keys({"service", "max", "scope"});
    p.service = r.string("service", "");
    if (p.service.empty()) r.error("service", "missing: the service whose calls are bounded");
    p.max = r.integer("max", 0, 1, 100000);
    if (p.max == 0) r.error("max", "missing: the most requests in flight at once");
    p.scope = r.string("scope", p.scope, {"agent", "all"});
  }

  CheckOutcome run(const InFlightParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    struct Edge {
      Micros t;
      int delta;  // -1 before +1 at equal times: a slot freed at t can be reused at t
      std::size_t request;
      // A total order (request order breaks ties): std::sort is not stable, and the native and
      // wasm standard libraries order equal elements differently.
      bool operator<(const Edge& e) const {
        if (t != e.t) return t < e.t;
        return delta != e.delta ? delta < e.delta : request < e.request;
      }
    };
    std::map<sim::Atom, std::vector<Edge>> edges;  // per agent (one key 0 for scope all)
    std::size_t judged = 0;
    for (std::size_t i = 0; i < tr.requests().size(); ++i) {
      const RequestRec& r = tr.requests()[i];
      if (r.service != p.service) continue;
      ++judged;
      Micros end = r.received >= 0 ? r.received : r.crashed >= 0 ? r.crashed : tr.end_time();
      auto& list = edges[p.scope == "all" ? 0 : r.agent];
      list.push_back({r.sent, +1, i});
      list.push_back({end, -1, i});
    }
    std::int64_t peak = 0;
    Micros peak_at = 0;
    std::size_t over = 0;
    std::vector<EventId> at_peak;
    for (auto& [agent, list] : edges) {
      std::sort(list.begin(), list.end());
      std::int64_t n = 0;
      std::vector<std::size_t> open;
      for (const Edge& e : list) {
        n += e.delta;
        if (e.delta < 0) {
          open.erase(std::remove(open.begin(), open.end(), e.request), open.end());
          continue;
        }
        open.push_back(e.request);
        if (n > p.max) ++over;
        if (n > peak) {
          peak = n;
          peak_at = e.t;
          at_peak.clear();
          for (std::size_t k : open) at_peak.push_back(tr.requests()[k].id);
        }
      }
    }
    if (peak > p.max) {
      o.evidence = at_peak;
      cap_evidence(o.evidence);
      const RequestRec& last = *std::find_if(tr.requests().begin(), tr.requests().end(),
                                             [&](const RequestRec& r) { return r.id == at_peak.back(); });
      o.message = "At t=" + seconds(peak_at) + " s " + std::to_string(peak) + " requests to " + p.service +
                  " were in flight at once" + (p.scope == "all" ? "" : " from " + tr.who(last)) + " (" +
                  request_ref(last) + " was the " + ordinal(static_cast<int>(peak)) + "); the bulkhead allows " +
                  std::to_string(p.max) + (p.scope == "all" ? " for all agents together" : " per agent") + ". " +
                  num(over) + " requests were sent over the limit. Count the calls in flight to " + p.service +
                  " and wait for a free slot before sending another (a retry storm after a restart fills it too).";
      return o;
    }
    o.passed = true;
    o.message = judged == 0 ? "No request was sent to " + p.service + "."
                            : "At most " + std::to_string(peak) + " of the " + num(judged) + " requests to " + p.service +
                                  " were in flight at once (the limit is " + std::to_string(p.max) + ").";
    return o;
  }
};

// --- outcome_labelled ------------------------------------------------------------------

struct LabelParams {
  std::vector<std::string> outcomes{"fallback"};
  std::string field = "degraded";
  std::int64_t min_count = 1;
};

class OutcomeLabelled final : public TypedCheck<LabelParams> {
 public:
  std::string_view name() const override { return "outcome_labelled"; }
  std::string_view summary() const override {
    return "every work item ending with one of `outcomes` says in its details what was degraded (`field`: a "
           "non-empty string or true), and at least `min_count` such items exist";
  }

 protected:
  void parse(ParamReader& r, LabelParams& p) const override {
    r.known_keys({"outcomes", "field", "min_count"});
    p.outcomes = r.string_list("outcomes", p.outcomes);
    p.field = r.string("field", p.field);
    p.min_count = r.integer("min_count", p.min_count, 0, 1000000);
  }

  CheckOutcome run(const LabelParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    std::size_t judged = 0, unlabelled = 0;
    std::string first;
    for (const TaskRec& t : tr.tasks()) {
      if (!contains(p.outcomes, t.outcome)) continue;
      ++judged;
      auto e = sim::decode<sim::TaskOutcomeEvent>(tr.journal(), t.outcome_event);
      Json details = e ? parse_json_or_discarded(e->details) : Json();
      bool labelled = false;
      if (details.is_object()) {
        auto f = details.find(p.field);
        labelled = f != details.end() && ((f->is_string() && !f->get<std::string>().empty()) ||
                                          (f->is_boolean() && f->get<bool>()));
      }
      if (labelled) continue;
      ++unlabelled;
      if (o.evidence.size() < 30) o.evidence.push_back(t.outcome_event);
      if (first.empty())
        first = "work item " + t.id + " ended as " + t.outcome + " (#" + std::to_string(t.outcome_event) + " at t=" +
                seconds(t.finished) + " s) with details " + (e && !e->details.empty() ? std::string(e->details.substr(0, 120)) : "none") +
                ", which do not say what was degraded";
    }
    if (unlabelled > 0) {
      o.message = first + " (" + num(unlabelled) + " of " + num(judged) + "). A degraded answer must say so: pass a "
                  "details table with " + p.field + " = \"<the stage skipped>\" so that nobody mistakes it for a full result.";
      return o;
    }
    if (static_cast<std::int64_t>(judged) < p.min_count) {
      o.message = "Only " + num(judged) + " work item" + (judged == 1 ? "" : "s") + " ended as " + join_or(p.outcomes) +
                  "; at least " + std::to_string(p.min_count) +
                  " were expected: while an optional stage is down, carry on without it and label the result "
                  "instead of waiting for it or giving the item up.";
      return o;
    }
    o.passed = true;
    o.message = "All " + num(judged) + " work items ending as " + join_or(p.outcomes) + " say what was degraded (" +
                p.field + ").";
    return o;
  }
};

}  // namespace

void register_pipeline_checks(Registry& r) {
  add_kind(r, std::make_unique<EffectsOnce>());
  add_kind(r, std::make_unique<IdempotencyKeys>());
  add_kind(r, std::make_unique<ResumeWithoutRedo>());
  add_kind(r, std::make_unique<ReconcileBeforeRetry>());
  add_kind(r, std::make_unique<MaxInFlight>());
  add_kind(r, std::make_unique<OutcomeLabelled>());
}

}  // namespace fl::grade

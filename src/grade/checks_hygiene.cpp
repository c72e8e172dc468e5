// Hygiene checks: every request sets a timeout; secrets never appear in logs or URLs.
#include <algorithm>

#include "grade/checks_common.h"
#include "sim/http.h"

namespace fl::grade {

namespace {

using namespace detail;

// --- request_timeouts ------------------------------------------------------------------

struct TimeoutParams {
  double max_s = 0;  // 0: no upper bound
};

class RequestTimeouts final : public TypedCheck<TimeoutParams> {
 public:
  std::string_view name() const override { return "request_timeouts"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "every request sets a timeout (optionally no longer than max_s)";
  }

 protected:
  void parse(ParamReader& r, TimeoutParams& p) const override {
    r.known_keys({"max_s"});
    p.max_s = r.number("max_s", p.max_s, 0, 86400);
  }

  CheckOutcome run(const TimeoutParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const auto& reqs = ctx.trace.requests();
    const Micros max = p.max_s > 0 ? sim::from_seconds(p.max_s) : 0;
    std::size_t none = 0, too_long = 0;
    const RequestRec* first_none = nullptr;
    const RequestRec* first_long = nullptr;
    for (const auto& r : reqs) {
      if (r.timeout <= 0) {
        if (!first_none) first_none = &r;
        ++none;
        if (o.evidence.size() < 30) o.evidence.push_back(r.id);
      } else if (max > 0 && r.timeout > max) {
        if (!first_long) first_long = &r;
        ++too_long;
      }
    }
    const std::string rule = max > 0 ? "every request must set a timeout of at most " + fixed(p.max_s, 1) + " s"
                                     : "every request must set a timeout";
    if (first_none) {
      o.message = request_ref(*first_none) + " was sent without a timeout (" + num(none) + " of " + num(reqs.size()) +
                  " requests had none): " + rule + ", so a hung connection cannot hold a worker forever.";
      return o;
    }
    if (first_long) {
      o.evidence = {first_long->id};
      o.message = request_ref(*first_long) + " set a timeout of " + seconds(first_long->timeout) + " s (" +
                  num(too_long) + " of " + num(reqs.size()) + " requests waited that long): " + rule + ".";
      return o;
    }
    o.passed = true;
    o.message = reqs.empty() ? "No request was sent."
                             : "All " + num(reqs.size()) + " requests set a timeout" +
                                   (max > 0 ? " of at most " + fixed(p.max_s, 1) + " s." : ".");
    return o;
  }
};

// --- secrets_not_leaked ----------------------------------------------------------------

struct SecretParams {
  std::vector<std::string> secrets;                     // names; empty = every secret of the world
  std::vector<std::string> where{"logs", "urls"};       // logs | urls | metrics | states | tasks
};

class SecretsNotLeaked final : public TypedCheck<SecretParams> {
 public:
  std::string_view name() const override { return "secrets_not_leaked"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "no secret's value (any version) appears in log lines, request URLs, or the other places listed";
  }

 protected:
  void parse(ParamReader& r, SecretParams& p) const override {
    r.known_keys({"secrets", "where"});
    p.secrets = r.string_list("secrets", {});
    p.where = r.string_list("where", p.where);
    for (const auto& w : p.where)
      if (w != "logs" && w != "urls" && w != "metrics" && w != "states" && w != "tasks")
        r.error("where", "unknown place \"" + w + "\"; expected logs, urls, metrics, states or tasks");
  }

  CheckOutcome run(const SecretParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const sim::WorldSpec* world = tr.world();
    struct Needle {
      std::string name, value, escaped;
    };
    std::vector<Needle> needles;
    if (world)
      for (const auto& s : world->secrets) {
        if (!p.secrets.empty() && !contains(p.secrets, s.name)) continue;
        for (const auto& v : s.versions) {
          if (v.value.size() < 4) continue;  // too short to search for meaningfully
          std::string esc = Json(v.value).dump();
          needles.push_back({s.name, v.value, esc.substr(1, esc.size() - 2)});
        }
      }
    if (needles.empty()) {
      o.passed = true;
      o.message = "This lab gives your code no secrets to leak.";
      return o;
    }
    auto leaked = [&](std::string_view hay) -> const Needle* {
      for (const auto& n : needles)
        if (hay.find(n.value) != std::string_view::npos || hay.find(n.escaped) != std::string_view::npos) return &n;
      return nullptr;
    };
    const bool logs = contains(p.where, "logs"), urls = contains(p.where, "urls"),
               metrics = contains(p.where, "metrics"), states = contains(p.where, "states"),
               tasks = contains(p.where, "tasks");
    const auto& j = tr.journal();
    std::size_t hits = 0;
    std::string first;
    for (std::size_t id = 1; id <= j.size(); ++id) {
      const sim::Event& e = j.at(static_cast<EventId>(id));
      const Needle* n = nullptr;
      std::string place;
      auto either = [&](std::string_view one, std::string_view other) {
        const Needle* x = leaked(one);
        return x ? x : leaked(other);
      };
      switch (e.kind) {
        case sim::EventKind::log: {
          if (!logs) continue;
          const auto v = sim::LogEvent::decode(j, e);
          n = either(v.message, v.fields);
          place = "log line";
          break;
        }
        case sim::EventKind::agent:
          if (!logs) continue;
          n = leaked(sim::AgentLifecycleEvent::decode(j, e).message);
          place = "error message";
          break;
        case sim::EventKind::request: {
          if (!urls) continue;
          std::string_view url = sim::RequestEvent::decode(j, e).url;
          n = leaked(url);
          if (!n) n = leaked(sim::percent_decode(url, true));
          place = "the URL of request";
          break;
        }
        case sim::EventKind::metric:
          if (!metrics) continue;
          n = leaked(sim::MetricEvent::decode(j, e).metric.text);
          place = "metric";
          break;
        case sim::EventKind::state: {
          if (!states) continue;
          const auto v = sim::StateEvent::decode(j, e);
          n = either(v.key.text, v.state.text);
          place = "trace state";
          break;
        }
        case sim::EventKind::task:
          if (!tasks) continue;
          if (auto v = sim::decode<sim::TaskOutcomeEvent>(j, e.id))
            n = either(v->reason, v->details);
          else if (auto arrival = sim::decode<sim::TaskArrivedEvent>(j, e.id))
            n = leaked(arrival->priority);
          place = "task report";
          break;
        default:
          continue;
      }
      if (!n) continue;
      ++hits;
      if (o.evidence.size() < 30) o.evidence.push_back(e.id);
      if (first.empty()) {
        first = place + " #" + std::to_string(e.id) + " at t=" + seconds(e.time) + " s";
        if (e.agent) first += " (" + std::string(j.str(e.agent)) + ")";
        first += " contains the value of secret " + n->name;
      }
    }
    std::vector<std::string> places = p.where;
    if (hits == 0) {
      o.passed = true;
      o.message = "No secret value appeared in " + join_or(places) + ".";
      return o;
    }
    o.message = first + " (" + num(hits) + (hits == 1 ? " place" : " places") + " in all). A secret must never reach " +
                join_or(places) + ": send keys in a header, and log at most a hint such as the last four characters.";
    return o;
  }
};

}  // namespace

void register_hygiene_checks(Registry& r) {
  add_kind(r, std::make_unique<RequestTimeouts>());
  add_kind(r, std::make_unique<SecretsNotLeaked>());
}

}  // namespace fl::grade

// Checks about pacing: the share of throttled responses stays low, and requests never exceed
// a limit in any sliding window (proactive rate limiting).
#include <algorithm>
#include <map>

#include "grade/checks_common.h"

namespace fl::grade {

namespace {

using namespace detail;

// --- status_share ----------------------------------------------------------------------

struct ShareParams {
  int status = 429;
  double max_share = 0.05;
  std::string source = "any";  // any | limiter
  std::string service;         // "" = every service
};

class StatusShare final : public TypedCheck<ShareParams> {
 public:
  std::string_view name() const override { return "status_share"; }
  std::string_view summary() const override {
    return "the share of requests answered with a status (429 by default) stays at or below max_share";
  }

 protected:
  void parse(ParamReader& r, ShareParams& p) const override {
    r.known_keys({"status", "max_share", "source", "service"});
    p.status = static_cast<int>(r.integer("status", p.status, 100, 599));
    p.max_share = r.required_number("max_share", 0, 1);
    p.source = r.string("source", p.source, {"any", "limiter"});
    p.service = r.string("service", "");
  }

  CheckOutcome run(const ShareParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    std::size_t total = 0, hits = 0;
    const RequestRec* first = nullptr;
    for (const auto& r : ctx.trace.requests()) {
      if (!p.service.empty() && r.service != p.service) continue;
      ++total;
      if (r.status != p.status) continue;
      if (p.source == "limiter" && !r.limiter_rejected) continue;
      ++hits;
      if (!first) first = &r;
      if (o.evidence.size() < 30) o.evidence.push_back(r.result);
    }
    const std::string to = p.service.empty() ? "" : " to " + p.service;
    const std::string kind = std::to_string(p.status) + (p.source == "limiter" ? " from the rate limiter" : "");
    if (total == 0) {
      o.passed = true;
      o.message = "No request was sent" + to + ", so none was refused.";
      return o;
    }
    double share = static_cast<double>(hits) / static_cast<double>(total);
    if (share <= p.max_share + 1e-12) {
      o.passed = true;
      o.evidence.clear();
      o.message = percent(share) + " of your " + num(total) + " requests" + to + " got a " + kind + " (" + num(hits) +
                  "); the bound is " + percent(p.max_share) + ".";
      return o;
    }
    o.message = percent(share) + " of your " + num(total) + " requests" + to + " got a " + kind + " (" + num(hits) +
                ", the first " + request_ref(*first) + "); the bound is " + percent(p.max_share) +
                ". Pace requests below the limit instead of finding it by hitting it.";
    return o;
  }
};

// --- request_rate ----------------------------------------------------------------------

struct RateParams {
  std::int64_t limit = 0;
  double window_s = 1;
  std::string scope = "all";  // all | agent
  std::string service;
};

class RequestRate final : public TypedCheck<RateParams> {
 public:
  std::string_view name() const override { return "request_rate"; }
  bool failure_is_final() const override { return true; }
  std::string_view summary() const override {
    return "no sliding window of window_s seconds holds more than `limit` requests (all agents together, or per "
           "agent)";
  }

 protected:
  void parse(ParamReader& r, RateParams& p) const override {
    r.known_keys({"limit", "window_s", "scope", "service"});
    p.limit = r.integer("limit", 0, 1, 1000000000);
    if (p.limit == 0) r.error("limit", "missing: this check needs \"limit\" (requests per window)");
    p.window_s = r.required_number("window_s", 0.000001, 86400);
    p.scope = r.string("scope", p.scope, {"all", "agent"});
    p.service = r.string("service", "");
  }

  CheckOutcome run(const RateParams& p, const CheckContext& ctx) const override {
    CheckOutcome o;
    const Trace& tr = ctx.trace;
    const auto& reqs = tr.requests();
    std::map<sim::Atom, std::vector<int>> groups;  // agent atom (0 for scope all)
    for (int i = 0; i < static_cast<int>(reqs.size()); ++i) {
      if (!p.service.empty() && reqs[i].service != p.service) continue;
      groups[p.scope == "agent" ? reqs[i].agent : 0].push_back(i);
    }
    const Micros window = sim::from_seconds(p.window_s);
    std::size_t best = 0, best_from = 0;
    const std::vector<int>* best_group = nullptr;
    std::size_t windows_over = 0;
    for (const auto& [agent, list] : groups) {
      (void)agent;
      std::size_t lo = 0;
      bool in_violation = false;
      for (std::size_t hi = 0; hi < list.size(); ++hi) {
        while (reqs[list[hi]].sent - reqs[list[lo]].sent >= window) ++lo;
        std::size_t n = hi - lo + 1;
        bool over = static_cast<std::int64_t>(n) > p.limit;
        if (over && !in_violation) ++windows_over;
        in_violation = over;
        if (n > best) {
          best = n;
          best_from = lo;
          best_group = &list;
        }
      }
    }
    const std::string to = p.service.empty() ? "" : " to " + p.service;
    const std::string who = p.scope == "agent" ? "one agent" : "your agents together";
    const std::string rule = "at most " + num(static_cast<std::size_t>(p.limit)) + " requests in any " +
                             fixed(p.window_s, p.window_s < 1 ? 2 : 0) + " s window" +
                             (p.scope == "agent" ? " per agent" : " for all agents together");
    if (static_cast<std::int64_t>(best) <= p.limit) {
      o.passed = true;
      o.message = "Requests" + to + " were paced: the busiest " + fixed(p.window_s, p.window_s < 1 ? 2 : 0) +
                  " s window held " + num(best) + " (" + rule + ").";
      return o;
    }
    const auto& list = *best_group;
    const RequestRec& a = reqs[list[best_from]];
    const RequestRec& z = reqs[list[best_from + best - 1]];
    for (std::size_t k = best_from; k < best_from + best && o.evidence.size() < 40; ++k) o.evidence.push_back(reqs[list[k]].id);
    o.message = "Between t=" + seconds(a.sent) + " s and t=" + seconds(z.sent) + " s " +
                (p.scope == "agent" ? std::string(tr.str(a.agent)) : who) + " sent " + num(best) + " requests" + to +
                " (#" + std::to_string(a.id) + " to #" + std::to_string(z.id) + "); the rule is " + rule + ". " +
                num(windows_over) +
                (windows_over == 1 ? " burst went" : " bursts went") +
                " over. Pace requests with a limiter shared by every task, set a little below the API's limit.";
    return o;
  }
};

}  // namespace

void register_rate_checks(Registry& r) {
  add_kind(r, std::make_unique<StatusShare>());
  add_kind(r, std::make_unique<RequestRate>());
}

}  // namespace fl::grade

#include "grade/trace.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "sim/time.h"

namespace fl::grade {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls `f(token)` for each place a request can name a work item: URL path segments and
// query values, header values, and JSON string literals in the body (a scan, not a parse:
// a body need not be JSON). Stops when `f` returns true.
template <typename F>
bool for_each_token(std::string_view url, const sim::Headers& headers, std::string_view body, F&& f) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= url.size(); ++i) {
    if (i == url.size() || url[i] == '/' || url[i] == '?' || url[i] == '&' || url[i] == '=' || url[i] == '#') {
      if (i > start && f(url.substr(start, i - start))) return true;
      start = i + 1;
    }
  }
  for (std::size_t i = 0; i < headers.size(); ++i)
    if (f(trim(headers.value(i)))) return true;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '"') continue;
    std::size_t j = i + 1;
    bool escaped = false;
    while (j < body.size() && body[j] != '"') {
      if (body[j] == '\\') {
        escaped = true;
        ++j;
      }
      ++j;
    }
    if (j >= body.size()) break;
    if (!escaped && f(body.substr(i + 1, j - i - 1))) return true;
    i = j;
  }
  return false;
}

// What a request is for, as the key of its retry chain: the agent, the service and operation
// (the lab's route, else method and URL path), and the unit of work: the work item the request
// names, else its Idempotency-Key, else the exact request (method, URL and body).
std::string unit_of_work(const sim::Journal& journal, const sim::Event& e, const sim::RequestEvent& q,
                         const std::unordered_set<sim::Atom>& items, sim::Atom& item) {
  std::string key = std::to_string(q.agent.atom) + '\x1f' + std::to_string(q.service.atom) + '\x1f';
  const std::string_view url = q.url, body = q.body;
  if (q.route.atom) {
    key += std::to_string(q.route.atom);
  } else {
    key += q.method.text;
    key += ' ';
    key += url.substr(0, url.find_first_of("?#"));
  }
  key += '\x1f';
  sim::Headers headers = journal.headers(e);
  item = 0;
  for_each_token(url, headers, body, [&](std::string_view token) {
    auto atom = journal.find_atom(token);
    if (atom && items.count(*atom)) item = *atom;
    return item != 0;
  });
  if (item) return key + "item " + std::to_string(item);
  if (auto idem = headers.get("Idempotency-Key")) return key + "key " + std::string(trim(*idem));
  key += "call ";
  key += q.method.text;
  key += ' ';
  key += url;
  key += '\x1f';
  key += body;
  return key;
}

}  // namespace

std::optional<Micros> parse_retry_after(std::string_view value, std::optional<std::string_view> date_header,
                                        std::int64_t epoch_seconds, Micros received) {
  value = trim(value);
  if (all_digits(value)) {
    if (value.size() > 9) return std::nullopt;
    std::int64_t s = 0;
    for (char c : value) s = s * 10 + (c - '0');
    return s * sim::kMicrosPerSecond;
  }
  std::int64_t target = 0;
  if (!sim::parse_http_date(std::string(value), &target)) return std::nullopt;
  std::int64_t now_s = 0;
  Micros now_frac = 0;
  if (date_header && sim::parse_http_date(std::string(trim(*date_header)), &now_s)) {
    now_frac = 0;
  } else {
    now_s = epoch_seconds + received / sim::kMicrosPerSecond;
    now_frac = received % sim::kMicrosPerSecond;
  }
  Micros d = (target - now_s) * sim::kMicrosPerSecond - now_frac;
  return d < 0 ? 0 : d;
}

Trace::Trace(const sim::Journal& journal, const sim::WorldSpec* world) : journal_(journal), world_(world) {
  const std::size_t n = journal.size();
  by_event_.assign(n + 1, -1);
  // Hashed lookups only (never iterated), so the order of nothing depends on hashing.
  std::unordered_map<sim::Atom, std::size_t> task_index;  // atoms and strings are 1:1
  const std::int64_t epoch = world ? world->epoch_seconds : 0;
  std::unordered_map<std::string, int> chain_of;       // unit of work -> its current chain
  std::unordered_set<sim::Atom> items;                  // work item ids (task atoms) seen arriving

  // The task's record (made on its first event); every task event may name its agent.
  auto task_for = [&](const sim::EventHeader& e) -> TaskRec& {
    auto [it, inserted] = task_index.emplace(e.task.atom, tasks_.size());
    if (inserted) {
      TaskRec t;
      t.id = std::string(e.task.text);
      tasks_.push_back(std::move(t));
    }
    TaskRec& t = tasks_[it->second];
    if (t.agent.empty() && e.agent.atom) t.agent = std::string(e.agent.text);
    return t;
  };

  for (std::size_t i = 1; i <= n; ++i) {
    const sim::Event& e = journal.at(static_cast<EventId>(i));
    if (e.time > end_time_) end_time_ = e.time;
    switch (e.kind) {
      case sim::EventKind::request: {
        const auto q = sim::RequestEvent::decode(journal, e);
        RequestRec r;
        r.id = q.id;
        r.sent = q.time;
        r.agent = q.agent.atom;
        r.task = q.task.atom;
        r.service = q.service.text;
        r.route = q.route.text;
        r.method = q.method.text;
        r.url = q.url;
        r.body = q.body;
        r.timeout = q.timeout;
        auto [it, inserted] =
            chain_of.emplace(unit_of_work(journal, e, q, items, r.item), static_cast<int>(chains_.size()));
        if (!inserted) {
          // The same call after a success is a new call, not a retry.
          const RequestRec& last = requests_[chains_[it->second].back()];
          if (last.status >= 200 && last.status < 400) {
            it->second = static_cast<int>(chains_.size());
            inserted = true;
          }
        }
        if (inserted) chains_.emplace_back();
        auto& chain = chains_[it->second];
        r.chain = it->second;
        r.attempt = static_cast<int>(chain.size()) + 1;
        int index = static_cast<int>(requests_.size());
        if (!chain.empty()) {
          r.prev = chain.back();
          requests_[chain.back()].next = index;
        }
        chain.push_back(index);
        by_event_[r.id] = index;
        if (r.item) tasks_[task_index.at(r.item)].requests.push_back(index);
        requests_.push_back(r);
        break;
      }
      case sim::EventKind::response: {
        const auto a = sim::ResponseEvent::decode(journal, e);
        int ri = a.request < by_event_.size() ? by_event_[a.request] : -1;
        if (ri < 0) break;
        RequestRec& r = requests_[ri];
        if (!r.net_error.empty() || r.crashed >= 0) break;  // a network error came first, or the agent crashed
        r.result = a.id;
        r.status = a.status;
        r.received = std::max(a.time, r.sent + a.elapsed);
        sim::Headers h = journal.headers(e);
        if (auto ra = h.get("Retry-After")) {
          // Header values live in the journal's arena; keep a view of the stored bytes.
          auto parsed = parse_retry_after(*ra, h.get("Date"), epoch, r.received);
          if (parsed) {
            r.has_retry_after = true;
            r.retry_after = *parsed;
          }
        }
        break;
      }
      case sim::EventKind::net_error: {
        const auto ne = sim::NetErrorEvent::decode(journal, e);
        int ri = ne.request < by_event_.size() ? by_event_[ne.request] : -1;
        if (ri < 0) break;
        RequestRec& r = requests_[ri];
        if (r.crashed >= 0) break;  // the agent crashed before it could see this
        r.result = ne.id;
        r.status = 0;
        r.has_retry_after = false;
        r.net_error = ne.error.text;
        r.received = std::max(ne.time, r.sent + ne.elapsed);
        break;
      }
      case sim::EventKind::rate_limit: {
        const auto d = sim::RateLimitEvent::decode(journal, e);
        int ri = d.request < by_event_.size() ? by_event_[d.request] : -1;
        if (ri < 0) break;
        if (d.refused()) requests_[ri].limiter_rejected = true;
        break;
      }
      case sim::EventKind::sleep: {
        const auto s = sim::SleepEvent::decode(journal, e);
        sleeps_[{s.agent.atom, s.task.atom}].push_back({s.time, s.duration});
        break;
      }
      case sim::EventKind::agent: {
        const auto a = sim::AgentLifecycleEvent::decode(journal, e);
        if (a.change.text == "crashed") {
          crashes_.push_back({a.agent.atom, a.time, -1, a.id, 0});
          for (RequestRec& r : requests_) {
            if (r.agent != a.agent.atom || r.crashed >= 0 || (r.received >= 0 && r.received <= a.time)) continue;
            r.crashed = a.time;
            r.received = -1;
            r.status = 0;
            r.net_error = {};
            r.has_retry_after = false;
            r.result = 0;
          }
        } else if (a.change.text == "restarted") {
          for (auto it = crashes_.rbegin(); it != crashes_.rend(); ++it)
            if (it->agent == a.agent.atom && it->restarted < 0) {
              it->restarted = a.time;
              it->restart_event = a.id;
              break;
            }
        }
        break;
      }
      case sim::EventKind::task: {
        if (e.task == 0) break;
        if (sim::TaskArrivedEvent::is(journal, e)) {
          auto arrival = sim::TaskArrivedEvent::decode(journal, e);
          TaskRec& t = task_for(arrival);
          items.insert(arrival.task.atom);
          if (t.arrived < 0) {
            t.arrived = arrival.time;
            t.arrival_event = arrival.id;
          }
          if (!arrival.priority.empty()) t.priority = std::move(arrival.priority);
        } else if (sim::TaskOutcomeEvent::is(journal, e)) {
          const auto outcome = sim::TaskOutcomeEvent::decode(journal, e);
          TaskRec& t = task_for(outcome);
          if (t.outcome_event == 0) {
            t.outcome = std::string(outcome.outcome.text);
            t.finished = outcome.time;
            t.outcome_event = outcome.id;
          }
        } else {
          task_for(sim::TaskTakenEvent::decode(journal, e));
        }
        break;
      }
      default:
        break;
    }
  }
}

std::optional<Micros> Trace::sleep_started_at(sim::Atom agent, sim::Atom task, Micros at, Micros until) const {
  auto it = sleeps_.find({agent, task});
  if (it == sleeps_.end()) return std::nullopt;
  const auto& v = it->second;
  auto s = std::lower_bound(v.begin(), v.end(), at, [](const Sleep& x, Micros t) { return x.at < t; });
  while (s != v.end() && s->at == at && s->duration == 0) ++s;  // time.sleep(0) yields; it does not wait
  if (s == v.end() || s->at != at || s->at + s->duration > until) return std::nullopt;
  return s->duration;
}

int Trace::request_index(EventId id) const { return id < by_event_.size() ? by_event_[id] : -1; }

std::string Trace::who(const RequestRec& r) const {
  std::string out(journal_.str(r.agent));
  if (r.task) {
    if (!out.empty()) out += '/';
    out += journal_.str(r.task);
  }
  return out;
}

}  // namespace fl::grade

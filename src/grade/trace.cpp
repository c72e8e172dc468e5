#include "grade/trace.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "base/json_file.h"
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

bool is_outcome_name(std::string_view s) {
  return s == "done" || s == "fallback" || s == "escalated" || s == "dead_letter" || s == "failed";
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
std::string unit_of_work(const sim::Journal& journal, const sim::Event& e,
                         const std::unordered_set<sim::Atom>& items, sim::Atom& item) {
  std::string key = std::to_string(e.agent) + '\x1f' + std::to_string(e.service) + '\x1f';
  std::string_view url = journal.text(e);
  std::string_view body = journal.body(e);
  if (e.name) {
    key += std::to_string(e.name);
  } else {
    key += journal.str(e.value);
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
  key += journal.str(e.value);
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

  auto task_for = [&](const sim::Event& e) -> TaskRec& {
    auto [it, inserted] = task_index.emplace(e.task, tasks_.size());
    if (inserted) {
      TaskRec t;
      t.id = std::string(journal.str(e.task));
      tasks_.push_back(std::move(t));
    }
    return tasks_[it->second];
  };

  for (std::size_t i = 1; i <= n; ++i) {
    const sim::Event& e = journal.at(static_cast<EventId>(i));
    if (e.time > end_time_) end_time_ = e.time;
    switch (e.kind) {
      case sim::EventKind::request: {
        RequestRec r;
        r.id = e.id;
        r.sent = e.time;
        r.agent = e.agent;
        r.task = e.task;
        r.service = journal.str(e.service);
        r.route = journal.str(e.name);
        r.method = journal.str(e.value);
        r.url = journal.text(e);
        r.body = journal.body(e);
        r.timeout = e.a;
        auto [it, inserted] =
            chain_of.emplace(unit_of_work(journal, e, items, r.item), static_cast<int>(chains_.size()));
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
        by_event_[e.id] = index;
        if (r.item) tasks_[task_index.at(r.item)].requests.push_back(index);
        requests_.push_back(r);
        break;
      }
      case sim::EventKind::response: {
        int ri = e.ref < by_event_.size() ? by_event_[e.ref] : -1;
        if (ri < 0) break;
        RequestRec& r = requests_[ri];
        if (!r.net_error.empty()) break;  // the client saw a network error (e.g. its timeout)
        r.result = e.id;
        r.status = e.code;
        r.received = std::max(e.time, r.sent + e.a);
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
        int ri = e.ref < by_event_.size() ? by_event_[e.ref] : -1;
        if (ri < 0) break;
        RequestRec& r = requests_[ri];
        r.result = e.id;
        r.status = 0;
        r.has_retry_after = false;
        r.net_error = journal.str(e.name);
        r.received = std::max(e.time, r.sent + e.a);
        break;
      }
      case sim::EventKind::rate_limit: {
        int ri = e.ref < by_event_.size() ? by_event_[e.ref] : -1;
        if (ri < 0) break;
        std::string_view decision = journal.str(e.value);
        if (decision == "rejected" || decision == "penalized") requests_[ri].limiter_rejected = true;
        break;
      }
      case sim::EventKind::sleep:
        sleeps_[{e.agent, e.task}].push_back({e.time, e.a});
        break;
      case sim::EventKind::task: {
        if (e.task == 0) break;
        std::string_view name = journal.str(e.name);
        std::string_view value = journal.str(e.value);
        TaskRec& t = task_for(e);
        if (t.agent.empty() && e.agent) t.agent = std::string(journal.str(e.agent));
        if (name == "arrived" || name == "created" || name == "queued") {
          items.insert(e.task);
          if (t.arrived < 0) {
            t.arrived = e.time;
            t.arrival_event = e.id;
          }
          std::string_view data = journal.body(e);
          constexpr std::string_view kHead = "{\"priority\":\"";
          if (data.size() > kHead.size() + 2 && data.substr(0, kHead.size()) == kHead &&
              data.substr(data.size() - 2) == "\"}" &&
              std::none_of(data.begin() + kHead.size(), data.end() - 2,
                           [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; })) {
            // What lab::Run writes: {"priority":"..."} (parsed by hand, once per work item).
            t.priority = std::string(data.substr(kHead.size(), data.size() - kHead.size() - 2));
          } else if (!data.empty()) {
            Json j = parse_json_or_discarded(data);
            if (j.is_object() && j.contains("priority") && j["priority"].is_string())
              t.priority = j["priority"].get<std::string>();
          }
        } else if ((name == "outcome" && !value.empty()) || is_outcome_name(name)) {
          if (t.outcome_event == 0) {
            t.outcome = std::string(name == "outcome" ? value : name);
            t.finished = e.time;
            t.outcome_event = e.id;
          }
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

#include "ui/timeline_model.h"

#include <algorithm>
#include <map>

#include "grade/trace.h"

namespace fl::ui {

namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && sim::iequals(s.substr(0, prefix.size()), prefix);
}

// The headers a learner reads to pace retries: Retry-After and both rate-limit header styles.
bool is_limit_header(std::string_view name) {
  return sim::iequals(name, "Retry-After") || starts_with_nocase(name, "X-RateLimit-") ||
         starts_with_nocase(name, "RateLimit");
}

// Places `item` in the first row free at its start (rows stay sorted and non-overlapping).
void place_in_lane(TimelineLane& lane, const TimelineItem& item) {
  for (TimelineRow& row : lane.rows) {
    if (row.items.empty() || row.items.back().to <= item.from) {
      row.items.push_back(item);
      return;
    }
  }
  lane.rows.emplace_back().items.push_back(item);
}

void finish_row(TimelineRow& row) {
  row.requests_before.assign(row.items.size() + 1, 0);
  row.failures_before.assign(row.items.size() + 1, 0);
  for (std::size_t i = 0; i < row.items.size(); ++i) {
    const TimelineItem& it = row.items[i];
    const bool request = it.kind == ItemKind::request;
    row.requests_before[i + 1] = row.requests_before[i] + (request ? 1 : 0);
    row.failures_before[i + 1] = row.failures_before[i] + (request && is_failure(it.outcome) ? 1 : 0);
  }
}

std::string fault_label(const sim::FaultSpec& f) {
  std::string label = f.kind == sim::FaultKind::outage ? "outage" : sim::to_string(f.kind);
  if (const sim::StatusAnswer* answer = f.answer()) {
    if (f.kind != sim::FaultKind::outage || std::get<sim::OutageFault>(f.params).mode == sim::OutageMode::status)
      label += " " + std::to_string(answer->status);
  }
  if (!f.id.empty()) label += " '" + f.id + "'";
  if (!f.when.route.empty()) label += " on " + f.when.route;
  return label;
}

// Appends a state change to `tracks` (the previous band of the key ends where this one starts).
void change_state(std::vector<StateTrack>& tracks, std::string_view key, std::string_view value, sim::Micros at,
                  sim::EventId event) {
  auto it = std::find_if(tracks.begin(), tracks.end(), [&](const StateTrack& t) { return t.key == key; });
  if (it == tracks.end()) {
    tracks.push_back(StateTrack{std::string(key), {}});
    it = tracks.end() - 1;
  }
  auto& bands = it->bands;
  if (!bands.empty()) {
    bands.back().to = at;
    if (bands.back().from == at) bands.pop_back();  // replaced at the same instant
    if (!bands.empty() && bands.back().value == value) return;  // no change: the band goes on
  }
  bands.push_back(StateBand{at, at, std::string(value), event});
}

void close_states(std::vector<StateTrack>& tracks, sim::Micros end) {
  for (StateTrack& t : tracks)
    if (!t.bands.empty()) t.bands.back().to = std::max(t.bands.back().from, end);
}

}  // namespace

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::success: return "2xx/3xx";
    case Outcome::client_error: return "4xx";
    case Outcome::rate_limited: return "429";
    case Outcome::server_error: return "5xx";
    case Outcome::network: return "network";
    case Outcome::timeout: return "timeout";
    case Outcome::pending: return "no answer";
  }
  return "?";
}

Outcome classify_outcome(int status, std::string_view net_error, bool answered) {
  if (!net_error.empty()) return net_error == "timeout" ? Outcome::timeout : Outcome::network;
  if (!answered) return Outcome::pending;
  if (status == 429) return Outcome::rate_limited;
  if (status >= 500) return Outcome::server_error;
  if (status >= 400) return Outcome::client_error;
  return Outcome::success;
}

std::pair<std::size_t, std::size_t> TimelineRow::overlapping(sim::Micros from, sim::Micros to) const {
  // Items are disjoint and sorted, so their ends are sorted too.
  const std::size_t first = first_ending_after(from - 1);
  auto last = std::upper_bound(items.begin() + static_cast<std::ptrdiff_t>(first), items.end(), to,
                               [](sim::Micros t, const TimelineItem& it) { return t < it.from; });
  return {first, static_cast<std::size_t>(last - items.begin())};
}

std::size_t TimelineRow::first_ending_after(sim::Micros t, std::size_t i) const {
  auto it = std::upper_bound(items.begin() + static_cast<std::ptrdiff_t>(std::min(i, items.size())), items.end(), t,
                             [](sim::Micros x, const TimelineItem& item) { return x < item.to; });
  return static_cast<std::size_t>(it - items.begin());
}

std::size_t TimelineLane::request_count() const {
  std::size_t n = 0;
  for (const TimelineRow& row : rows) n += row.requests_before.empty() ? 0 : row.requests_before.back();
  return n;
}

int TimelineModel::find_request(sim::EventId event) const {
  auto it = std::lower_bound(requests.begin(), requests.end(), event,
                             [](const TimelineRequest& r, sim::EventId e) { return r.event < e; });
  return it != requests.end() && it->event == event ? static_cast<int>(it - requests.begin()) : -1;
}

sim::Micros TimelineModel::time_of(sim::EventId event) const {
  return event >= 1 && event <= event_times.size() ? event_times[event - 1] : -1;
}

int TimelineModel::find_lane(LaneKind kind, std::string_view name, std::string_view agent) const {
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    const TimelineLane& l = lanes[i];
    if (l.kind != kind || l.name != name) continue;
    if (kind == LaneKind::task && lanes[static_cast<std::size_t>(l.parent)].name != agent) continue;
    return static_cast<int>(i);
  }
  return -1;
}

TimelineModel build_timeline(const sim::Journal& journal, const sim::WorldSpec& world) {
  TimelineModel m;
  m.digest = journal.digest();
  m.events = journal.size();
  const grade::Trace trace(journal, &world);
  m.end = trace.end_time();

  m.event_times.resize(journal.size());
  for (std::size_t i = 1; i <= journal.size(); ++i) m.event_times[i - 1] = journal.at(static_cast<sim::EventId>(i)).time;

  // Requests, with the grader's attempts.
  m.requests.reserve(trace.requests().size());
  for (const grade::RequestRec& r : trace.requests()) {
    TimelineRequest q;
    q.event = r.id;
    q.sent = r.sent;
    q.received = r.received;
    q.status = r.status;
    q.outcome = classify_outcome(r.status, r.net_error, r.result != 0);
    q.attempt = r.attempt;
    q.chain = r.chain;
    q.agent = std::string(journal.str(r.agent));
    q.task = std::string(journal.str(r.task));
    q.service = std::string(r.service);
    q.route = std::string(r.route);
    q.method = std::string(r.method);
    q.url = std::string(r.url);
    q.net_error = std::string(r.net_error);
    q.timeout = r.timeout;
    q.has_retry_after = r.has_retry_after;
    q.retry_after = r.retry_after;
    q.limiter_rejected = r.limiter_rejected;
    if (r.result && journal.at(r.result).kind == sim::EventKind::response) {
      const sim::Headers h = journal.headers(journal.at(r.result));
      for (std::size_t i = 0; i < h.size(); ++i)
        if (is_limit_header(h.name(i))) q.limit_headers.push_back({std::string(h.name(i)), std::string(h.value(i))});
    }
    m.requests.push_back(std::move(q));
  }

  // Lanes: agents (then their tasks) in order of first appearance, services in the world's
  // order then any the journal adds.
  std::vector<TimelineLane> agents, services;
  std::map<std::string, int, std::less<>> agent_index, service_index;
  std::map<std::pair<int, std::string>, int> task_index;  // (agent, task) -> index in the agent's tasks
  std::vector<std::vector<TimelineLane>> tasks;
  auto agent_lane = [&](std::string_view name) -> int {
    auto [it, inserted] = agent_index.emplace(std::string(name), static_cast<int>(agents.size()));
    if (inserted) {
      agents.push_back(TimelineLane{LaneKind::agent, std::string(name), -1, {}, {}, {}, {}, {}, {}});
      tasks.emplace_back();
    }
    return it->second;
  };
  auto task_lane = [&](int agent, std::string_view name) -> TimelineLane& {
    auto [it, inserted] = task_index.emplace(std::make_pair(agent, std::string(name)),
                                             static_cast<int>(tasks[static_cast<std::size_t>(agent)].size()));
    auto& list = tasks[static_cast<std::size_t>(agent)];
    if (inserted) list.push_back(TimelineLane{LaneKind::task, std::string(name), agent, {}, {}, {}, {}, {}, {}});
    return list[static_cast<std::size_t>(it->second)];
  };
  auto service_lane = [&](std::string_view name) -> TimelineLane& {
    auto [it, inserted] = service_index.emplace(std::string(name), static_cast<int>(services.size()));
    if (inserted) services.push_back(TimelineLane{LaneKind::service, std::string(name), -1, {}, {}, {}, {}, {}, {}});
    return services[static_cast<std::size_t>(it->second)];
  };
  for (const sim::ServiceSpec& s : world.services) service_lane(s.id);

  // Requests and sleeps in time order, each into its agent, task and service lane.
  struct Placed {
    TimelineItem item;
    std::string_view agent, task, service;
  };
  std::vector<Placed> placed;
  placed.reserve(m.requests.size());
  for (std::size_t i = 0; i < m.requests.size(); ++i) {
    const TimelineRequest& q = m.requests[i];
    const sim::Micros to = q.received >= 0 ? q.received : std::max(q.sent, m.end);
    placed.push_back({TimelineItem{q.sent, to, static_cast<std::uint32_t>(i), ItemKind::request, q.outcome}, q.agent,
                      q.task, q.service});
  }
  for (const sim::SleepEvent& s : sim::events_of<sim::SleepEvent>(journal)) {
    if (s.duration <= 0) continue;  // time.sleep(0) yields; it does not wait
    const auto index = static_cast<std::uint32_t>(m.sleeps.size());
    m.sleeps.push_back(TimelineSleep{s.id, s.time, s.duration, s.line});
    placed.push_back({TimelineItem{s.time, s.time + s.duration, index, ItemKind::sleep, Outcome::success},
                      s.agent.text, s.task.text, {}});
  }
  std::stable_sort(placed.begin(), placed.end(),
                   [](const Placed& a, const Placed& b) { return a.item.from < b.item.from; });
  for (const Placed& p : placed) {
    const int a = agent_lane(p.agent);
    place_in_lane(agents[static_cast<std::size_t>(a)], p.item);
    if (!p.task.empty()) place_in_lane(task_lane(a, p.task), p.item);
    if (p.item.kind == ItemKind::request) place_in_lane(service_lane(p.service), p.item);
  }

  // Which request each fault fired on.
  for (const sim::FaultEvent& f : sim::events_of<sim::FaultEvent>(journal)) {
    const int ri = m.find_request(f.request);
    if (ri < 0) continue;
    std::string& label = m.requests[static_cast<std::size_t>(ri)].fault;
    if (!label.empty()) label += ", ";
    label += f.fault.text;
    if (!f.label.text.empty()) label += " '" + std::string(f.label.text) + "'";
  }

  // The rate limiters' remaining budget, per service, limiter and partition.
  for (const sim::RateLimitEvent& d : sim::events_of<sim::RateLimitEvent>(journal)) {
    std::string_view service = d.service.text;
    if (service.empty()) {
      const int ri = m.find_request(d.request);
      if (ri >= 0) service = m.requests[static_cast<std::size_t>(ri)].service;
    }
    TimelineLane& lane = service_lane(service);
    auto it = std::find_if(lane.limiters.begin(), lane.limiters.end(), [&](const LimiterSeries& s) {
      return s.limiter == d.limiter.text && s.partition == d.partition;
    });
    if (it == lane.limiters.end()) {
      lane.limiters.push_back(LimiterSeries{std::string(d.limiter.text), std::string(d.partition), 0, {}});
      it = lane.limiters.end() - 1;
    }
    it->limit = std::max<std::int64_t>(it->limit, d.limit);
    it->points.push_back(LimiterPoint{d.time, std::max<std::int64_t>(d.remaining, 0)});
  }

  // Fault windows on the services they hit (no services named: every service).
  for (const sim::FaultSpec& f : world.faults) {
    for (const auto& [from, until] : f.when.windows) {
      FaultWindow w{from, std::min(until, std::max(m.end, from)), fault_label(f), f.kind == sim::FaultKind::outage};
      if (f.when.services.empty()) {
        for (TimelineLane& lane : services) lane.windows.push_back(w);
      } else {
        for (int s : f.when.services) service_lane(world.services[static_cast<std::size_t>(s)].id).windows.push_back(w);
      }
    }
  }

  // Scenario states (e.g. an outage that starts after N requests) as bands on their services.
  for (const sim::ScenarioSpec& sc : world.scenarios) {
    const std::string key = "scenario " + sc.id;
    auto lanes_of = [&](auto&& f) {
      if (sc.services.empty()) {
        for (TimelineLane& lane : services) f(lane);
      } else {
        for (int s : sc.services) f(service_lane(world.services[static_cast<std::size_t>(s)].id));
      }
    };
    lanes_of([&](TimelineLane& lane) {
      change_state(lane.states, key, sc.states[static_cast<std::size_t>(sc.initial)], 0, 0);
    });
    for (const sim::ScenarioEvent& e : sim::events_of<sim::ScenarioEvent>(journal)) {
      if (e.scenario.text != sc.id) continue;
      lanes_of([&](TimelineLane& lane) { change_state(lane.states, key, e.state.text, e.time, e.id); });
    }
  }

  // The learner's trace.state bands and log ticks on its agent lane.
  for (const sim::StateEvent& s : sim::events_of<sim::StateEvent>(journal)) {
    const int a = agent_lane(s.agent.text);
    change_state(agents[static_cast<std::size_t>(a)].states, s.key.text, s.state.text, s.time, s.id);
  }
  for (const sim::LogEvent& log : sim::events_of<sim::LogEvent>(journal)) {
    if (log.agent.text.empty()) continue;  // the lab runner's own lines live in the Console only
    const int a = agent_lane(log.agent.text);
    LogTick tick{log.time, log.id, std::string(log.level.text), std::string(log.message)};
    if (!log.task.text.empty()) task_lane(a, log.task.text).logs.push_back(tick);
    agents[static_cast<std::size_t>(a)].logs.push_back(std::move(tick));
  }

  // Metrics series.
  std::map<std::string, std::size_t, std::less<>> metric_index;
  for (const sim::MetricEvent& e : sim::events_of<sim::MetricEvent>(journal)) {
    auto [it, inserted] = metric_index.emplace(std::string(e.metric.text), m.metrics.size());
    if (inserted) m.metrics.push_back(MetricSeries{std::string(e.metric.text), e.op.text == "inc", {}, 0, 0});
    MetricSeries& s = m.metrics[it->second];
    const double value = s.counter ? (s.points.empty() ? 0 : s.points.back().value) + e.amount : e.amount;
    s.min = s.points.empty() ? value : std::min(s.min, value);
    s.max = s.points.empty() ? value : std::max(s.max, value);
    s.points.push_back(MetricPoint{e.time, value});
  }

  // Flatten: each agent followed by its tasks, then the services.
  for (std::size_t a = 0; a < agents.size(); ++a) {
    const int agent_at = static_cast<int>(m.lanes.size());
    m.lanes.push_back(std::move(agents[a]));
    for (TimelineLane& t : tasks[a]) {
      t.parent = agent_at;
      m.lanes[static_cast<std::size_t>(agent_at)].children.push_back(static_cast<int>(m.lanes.size()));
      m.lanes.push_back(std::move(t));
    }
  }
  for (TimelineLane& s : services) m.lanes.push_back(std::move(s));
  for (TimelineLane& lane : m.lanes) {
    if (lane.rows.empty()) lane.rows.emplace_back();
    for (TimelineRow& row : lane.rows) finish_row(row);
    close_states(lane.states, m.end);
  }
  return m;
}

}  // namespace fl::ui

// The timeline model: lanes, outcome classes, attempts, bands, windows, limiter series, metrics,
// the visible-range query and the folding of sub-pixel bars, on a hand-built journal and on a
// real lab 2 run.
#include "ui/timeline_model.h"

#include <catch2/catch.hpp>

#include "base/files.h"
#include "grade/lab_runner.h"
#include "grade/trace.h"

using namespace fl;

namespace {

sim::Micros tl_sec(double s) { return sim::from_seconds(s); }

// Appends events the way the world and the sandbox would, in time order.
struct TimelineJournal {
  sim::Journal j;

  sim::EventId request(double t, std::string_view agent, std::string_view task, std::string_view service,
                       std::string_view url, double timeout_s = 5) {
    sim::RequestEvent q;
    q.agent = agent;
    q.task = task;
    q.service = service;
    q.method = "GET";
    q.url = url;
    q.timeout = tl_sec(timeout_s);
    return sim::record(j, tl_sec(t), q);
  }
  void response(sim::EventId req, int status, double elapsed_s, const sim::Headers* headers = nullptr) {
    sim::ResponseEvent a;
    a.agent = j.str(j.at(req).agent);
    a.service = j.str(j.at(req).service);
    a.request = req;
    a.status = status;
    a.elapsed = tl_sec(elapsed_s);
    a.headers = headers;
    sim::record(j, j.at(req).time, a);
  }
  void net_error(sim::EventId req, std::string_view error, double elapsed_s) {
    sim::NetErrorEvent e;
    e.agent = j.str(j.at(req).agent);
    e.request = req;
    e.error = error;
    e.elapsed = tl_sec(elapsed_s);
    sim::record(j, j.at(req).time, e);
  }
  void state(double t, std::string_view agent, std::string_view key, std::string_view value) {
    sim::StateEvent s;
    s.agent = agent;
    s.key = key;
    s.state = value;
    sim::record(j, tl_sec(t), s);
  }
  void sleep(double t, std::string_view agent, std::string_view task, double duration_s) {
    sim::SleepEvent s;
    s.agent = agent;
    s.task = task;
    s.duration = tl_sec(duration_s);
    sim::record(j, tl_sec(t), s);
  }
  void metric(double t, std::string_view name, std::string_view op, double amount) {
    sim::MetricEvent m;
    m.agent = "agent-1";
    m.metric = name;
    m.op = op;
    m.amount = amount;
    sim::record(j, tl_sec(t), m);
  }
};

const char* kTimelineWorld = R"({
  "services": [
    {"id": "api", "host": "api.mock", "routes": [{"path": "/items/{id}", "responses": [{"status": 200}]}]},
    {"id": "other", "host": "other.mock", "routes": [{"path": "/ping", "responses": [{"status": 200}]}]}
  ],
  "faults": [
    {"kind": "outage", "service": "api", "from_s": 10, "until_s": 20},
    {"kind": "status", "id": "burst", "service": "api", "status": 429, "from_s": 11}
  ]
})";

sim::WorldSpec timeline_world() {
  Diagnostics diags;
  auto spec = sim::parse_world_text(kTimelineWorld, "timeline_world.json", diags);
  INFO(diags.to_string());
  REQUIRE(spec);
  return *spec;
}

struct HandBuilt {
  TimelineJournal b;
  sim::EventId ok, not_found, unavailable, limited, dns, timed_out, unanswered;
};

void build_hand_journal(HandBuilt& h) {
  auto& b = h.b;
  h.ok = b.request(1, "agent-1", "t1", "api", "https://api.mock/items/1");
  b.response(h.ok, 200, 0.5);
  h.not_found = b.request(1.2, "agent-1", "t2", "api", "https://api.mock/items/2");
  b.response(h.not_found, 404, 0.1);
  b.state(1.5, "agent-1", "breaker", "closed");
  h.unavailable = b.request(2, "agent-1", "t1", "api", "https://api.mock/items/3");
  sim::FaultEvent fault;
  fault.request = h.unavailable;
  fault.fault = "status";
  fault.label = "flaky";
  fault.status = 503;
  sim::record(b.j, tl_sec(2), fault);
  b.response(h.unavailable, 503, 0.1);
  b.state(2.1, "agent-1", "breaker", "open");
  b.sleep(2.1, "agent-1", "t1", 1.0);
  b.sleep(2.1, "agent-1", "t1", 0);  // a yield: no gap
  b.state(3.1, "agent-1", "breaker", "half-open");
  h.limited = b.request(3.1, "agent-1", "t1", "api", "https://api.mock/items/3");
  sim::RateLimitEvent limit;
  limit.service = "api";
  limit.request = h.limited;
  limit.limiter = "per-second";
  limit.decision = sim::LimitDecision::rejected;
  limit.partition = "key:abc";
  limit.limit = 5;
  limit.remaining = 0;
  sim::record(b.j, tl_sec(3.1), limit);
  const sim::Headers headers{{"Retry-After", "2"}, {"X-RateLimit-Remaining", "0"}, {"Content-Type", "text/plain"}};
  b.response(h.limited, 429, 0.05, &headers);
  sim::LogEvent log;
  log.agent = "agent-1";
  log.task = "t1";
  log.level = "warn";
  log.message = "backing off";
  sim::record(b.j, tl_sec(3.3), log);
  h.dns = b.request(4, "agent-2", "", "other", "https://other.mock/ping");
  b.net_error(h.dns, "dns", 0.005);
  b.metric(4.5, "calls", "inc", 1);
  b.metric(4.6, "calls", "inc", 2);
  b.metric(4.6, "latency_s", "observe", 0.25);
  h.timed_out = b.request(5.5, "agent-1", "t1", "api", "https://api.mock/items/3");
  b.net_error(h.timed_out, "timeout", 5);
  b.state(6, "agent-1", "breaker", "closed");
  h.unanswered = b.request(7, "agent-2", "", "other", "https://other.mock/ping", 0);
  sim::NoteEvent end;
  end.label = "end";
  sim::record(b.j, tl_sec(12), end);
}

const ui::TimelineRequest& request_of(const ui::TimelineModel& m, sim::EventId id) {
  const int i = m.find_request(id);
  REQUIRE(i >= 0);
  return m.requests[static_cast<std::size_t>(i)];
}

std::vector<std::string> lane_names(const ui::TimelineModel& m) {
  std::vector<std::string> out;
  for (const auto& l : m.lanes) out.push_back(l.name);
  return out;
}

// Every row sorted by start and free of overlaps (what the binary searches rely on).
void check_rows(const ui::TimelineModel& m) {
  for (const auto& lane : m.lanes) {
    REQUIRE(!lane.rows.empty());
    for (const auto& row : lane.rows) {
      REQUIRE(row.requests_before.size() == row.items.size() + 1);
      for (std::size_t i = 0; i < row.items.size(); ++i) {
        REQUIRE(row.items[i].from <= row.items[i].to);
        if (i > 0) REQUIRE(row.items[i - 1].to <= row.items[i].from);
      }
    }
  }
}

// A row of `n` items with pseudo-random gaps and lengths (a fixed LCG: the same row every run).
ui::TimelineRow random_row(std::size_t n, std::uint64_t seed) {
  ui::TimelineRow row;
  sim::Micros t = 0;
  for (std::size_t i = 0; i < n; ++i) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    t += static_cast<sim::Micros>((seed >> 33) % 3000);  // gaps of 0 to 3 ms (0: touching)
    const sim::Micros len = 100 + static_cast<sim::Micros>((seed >> 13) % 1900);  // 0.1 to 2 ms
    const auto outcome = (seed >> 50) % 4 == 0 ? ui::Outcome::server_error : ui::Outcome::success;
    row.items.push_back(ui::TimelineItem{t, t + len, static_cast<std::uint32_t>(i),
                                         (seed >> 40) % 5 == 0 ? ui::ItemKind::sleep : ui::ItemKind::request, outcome});
    t += len;
  }
  row.requests_before.assign(n + 1, 0);
  row.failures_before.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const bool req = row.items[i].kind == ui::ItemKind::request;
    row.requests_before[i + 1] = row.requests_before[i] + (req ? 1 : 0);
    row.failures_before[i + 1] = row.failures_before[i] + (req && ui::is_failure(row.items[i].outcome) ? 1 : 0);
  }
  return row;
}

}  // namespace

TEST_CASE("timeline: lanes per agent (with its tasks) and per service", "[ui][timeline]") {
  HandBuilt h;
  build_hand_journal(h);
  const auto m = ui::build_timeline(h.b.j, timeline_world());
  CHECK(lane_names(m) == std::vector<std::string>{"agent-1", "t1", "t2", "agent-2", "api", "other"});
  CHECK(m.lanes[0].kind == ui::LaneKind::agent);
  CHECK(m.lanes[0].children == std::vector<int>{1, 2});
  CHECK(m.lanes[1].kind == ui::LaneKind::task);
  CHECK(m.lanes[1].parent == 0);
  CHECK(m.lanes[3].children.empty());
  CHECK(m.lanes[4].kind == ui::LaneKind::service);
  CHECK(m.find_lane(ui::LaneKind::task, "t2", "agent-1") == 2);
  CHECK(m.find_lane(ui::LaneKind::service, "other") == 5);
  CHECK(m.end == tl_sec(12));
  CHECK(m.digest == h.b.j.digest());
  // Request counts: agent-1 sent 5, agent-2 2; api answered 5, other 2; t1 4, t2 1.
  CHECK(m.lanes[0].request_count() == 5);
  CHECK(m.lanes[1].request_count() == 4);
  CHECK(m.lanes[2].request_count() == 1);
  CHECK(m.lanes[3].request_count() == 2);
  CHECK(m.lanes[4].request_count() == 5);
  CHECK(m.lanes[5].request_count() == 2);
  // t1 and t2 overlap at 1.2 s: the agent lane needs two rows, each task one.
  CHECK(m.lanes[0].rows.size() == 2);
  CHECK(m.lanes[1].rows.size() == 1);
  check_rows(m);
}

TEST_CASE("timeline: outcome classes, timing and headers of each request", "[ui][timeline]") {
  HandBuilt h;
  build_hand_journal(h);
  const auto m = ui::build_timeline(h.b.j, timeline_world());
  CHECK(request_of(m, h.ok).outcome == ui::Outcome::success);
  CHECK(request_of(m, h.not_found).outcome == ui::Outcome::client_error);
  CHECK(request_of(m, h.unavailable).outcome == ui::Outcome::server_error);
  CHECK(request_of(m, h.limited).outcome == ui::Outcome::rate_limited);
  CHECK(request_of(m, h.dns).outcome == ui::Outcome::network);
  CHECK(request_of(m, h.timed_out).outcome == ui::Outcome::timeout);
  CHECK(request_of(m, h.unanswered).outcome == ui::Outcome::pending);

  const auto& ok = request_of(m, h.ok);
  CHECK(ok.sent == tl_sec(1));
  CHECK(ok.received == tl_sec(1.5));
  CHECK(ok.method == "GET");
  CHECK(ok.url == "https://api.mock/items/1");
  CHECK(ok.agent == "agent-1");
  CHECK(ok.task == "t1");
  CHECK(ok.service == "api");
  CHECK(ok.timeout == tl_sec(5));
  CHECK(request_of(m, h.timed_out).received == tl_sec(10.5));
  CHECK(request_of(m, h.timed_out).net_error == "timeout");
  CHECK(request_of(m, h.unanswered).received == -1);
  CHECK(request_of(m, h.unavailable).fault == "status 'flaky'");

  const auto& limited = request_of(m, h.limited);
  CHECK(limited.status == 429);
  CHECK(limited.has_retry_after);
  CHECK(limited.retry_after == tl_sec(2));
  CHECK(limited.limiter_rejected);
  REQUIRE(limited.limit_headers.size() == 2);  // not Content-Type
  CHECK(limited.limit_headers[0].name == "Retry-After");
  CHECK(limited.limit_headers[1].name == "X-RateLimit-Remaining");
  CHECK(limited.limit_headers[1].value == "0");

  CHECK(ui::classify_outcome(302, "", true) == ui::Outcome::success);
  CHECK(ui::classify_outcome(0, "reset", true) == ui::Outcome::network);
  CHECK(ui::to_string(ui::Outcome::rate_limited) == "429");
}

TEST_CASE("timeline: attempts are the grader's retry chains", "[ui][timeline]") {
  HandBuilt h;
  build_hand_journal(h);
  const auto world = timeline_world();
  const auto m = ui::build_timeline(h.b.j, world);
  CHECK(request_of(m, h.unavailable).attempt == 1);
  CHECK(request_of(m, h.limited).attempt == 2);
  CHECK(request_of(m, h.timed_out).attempt == 3);
  CHECK(request_of(m, h.limited).chain == request_of(m, h.unavailable).chain);
  CHECK(request_of(m, h.ok).attempt == 1);
  const grade::Trace trace(h.b.j, &world);
  REQUIRE(trace.requests().size() == m.requests.size());
  for (std::size_t i = 0; i < m.requests.size(); ++i) {
    CHECK(m.requests[i].event == trace.requests()[i].id);
    CHECK(m.requests[i].attempt == trace.requests()[i].attempt);
  }
}

TEST_CASE("timeline: sleeps, state bands, logs, fault windows, limiter and metrics", "[ui][timeline]") {
  HandBuilt h;
  build_hand_journal(h);
  const auto m = ui::build_timeline(h.b.j, timeline_world());

  REQUIRE(m.sleeps.size() == 1);  // the 0 s sleep is a yield, not a gap
  CHECK(m.sleeps[0].from == tl_sec(2.1));
  CHECK(m.sleeps[0].duration == tl_sec(1));
  const auto& t1 = m.lanes[1].rows[0].items;
  REQUIRE(t1.size() == 5);  // four requests and the sleep, in time order
  CHECK(t1[2].kind == ui::ItemKind::sleep);
  CHECK(t1[2].from == tl_sec(2.1));
  CHECK(t1[2].to == tl_sec(3.1));
  CHECK(m.lanes[1].rows[0].requests_in(0, 5) == 4);
  CHECK(m.lanes[1].rows[0].failures_in(0, 5) == 3);  // 503, 429, timeout

  REQUIRE(m.lanes[0].states.size() == 1);
  const auto& breaker = m.lanes[0].states[0];
  CHECK(breaker.key == "breaker");
  REQUIRE(breaker.bands.size() == 4);
  CHECK(breaker.bands[0].value == "closed");
  CHECK(breaker.bands[0].from == tl_sec(1.5));
  CHECK(breaker.bands[0].to == tl_sec(2.1));
  CHECK(breaker.bands[1].value == "open");
  CHECK(breaker.bands[2].value == "half-open");
  CHECK(breaker.bands[2].to == tl_sec(6));
  CHECK(breaker.bands[3].value == "closed");
  CHECK(breaker.bands[3].to == m.end);

  REQUIRE(m.lanes[0].logs.size() == 1);
  CHECK(m.lanes[0].logs[0].level == "warn");
  CHECK(m.lanes[0].logs[0].message == "backing off");
  CHECK(m.lanes[1].logs.size() == 1);  // also on its task's lane
  CHECK(m.lanes[3].logs.empty());

  const auto& api = m.lanes[4];
  REQUIRE(api.windows.size() == 2);
  CHECK(api.windows[0].outage);
  CHECK(api.windows[0].label == "outage 503");
  CHECK(api.windows[0].from == tl_sec(10));
  CHECK(api.windows[0].to == tl_sec(12));  // cut at the run's end
  CHECK_FALSE(api.windows[1].outage);
  CHECK(api.windows[1].label == "status 429 'burst'");
  CHECK(api.windows[1].to == tl_sec(12));  // "until" left out: to the end
  CHECK(m.lanes[5].windows.empty());

  REQUIRE(api.limiters.size() == 1);
  CHECK(api.limiters[0].limiter == "per-second");
  CHECK(api.limiters[0].partition == "key:abc");
  CHECK(api.limiters[0].limit == 5);
  REQUIRE(api.limiters[0].points.size() == 1);
  CHECK(api.limiters[0].points[0].remaining == 0);

  REQUIRE(m.metrics.size() == 2);
  CHECK(m.metrics[0].name == "calls");
  CHECK(m.metrics[0].counter);
  REQUIRE(m.metrics[0].points.size() == 2);
  CHECK(m.metrics[0].points[1].value == 3);  // a running total
  CHECK(m.metrics[0].max == 3);
  CHECK_FALSE(m.metrics[1].counter);
  CHECK(m.metrics[1].points[0].value == 0.25);

  CHECK(m.time_of(h.limited) == tl_sec(3.1));
  CHECK(m.time_of(0) == -1);
  CHECK(m.find_request(h.limited + 1) == -1);  // the rate_limit event is not a request
}

TEST_CASE("timeline: the visible-range query returns exactly the items overlapping a range", "[ui][timeline]") {
  const ui::TimelineRow row = random_row(5000, 7);
  const sim::Micros span = row.items.back().to;
  std::uint64_t seed = 99;
  for (int q = 0; q < 400; ++q) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    const sim::Micros a = static_cast<sim::Micros>((seed >> 20) % static_cast<std::uint64_t>(span + 2000)) - 1000;
    const sim::Micros len = static_cast<sim::Micros>((seed >> 5) % (q % 2 ? 50000 : 500));
    const auto [first, last] = row.overlapping(a, a + len);
    std::size_t expected_first = row.items.size(), count = 0;
    for (std::size_t i = 0; i < row.items.size(); ++i) {
      if (row.items[i].to >= a && row.items[i].from <= a + len) {
        expected_first = std::min(expected_first, i);
        ++count;
      }
    }
    INFO("range " << a << " + " << len);
    CHECK(last - first == count);
    if (count) CHECK(first == expected_first);
  }
}

TEST_CASE("timeline: sub-pixel bars fold into counted marks; each item is in exactly one mark", "[ui][timeline]") {
  const ui::TimelineRow row = random_row(20000, 3);
  const sim::Micros end = row.items.back().to;
  const double width = 1000;
  // Whole run on 1000 px (tens of items per pixel), then zoomed in until every bar is wide.
  for (double visible_us : {static_cast<double>(end), static_cast<double>(end) / 50, 200000.0, 20000.0}) {
    const sim::Micros from = end / 3;
    const ui::PixelScale px{0, static_cast<double>(from), width / visible_us};
    const sim::Micros to = px.t_of(width) + 1;
    const auto [first, last] = row.overlapping(from, to);
    std::size_t next = first, marks = 0, folded = 0;
    std::uint32_t requests = 0, failures = 0;
    double prev_x2 = -1e9;
    ui::for_each_mark(row, from, to, px, 3.0, [&](const ui::RowMark& m) {
      CHECK(m.first == next);  // contiguous, in order, nothing twice
      CHECK(m.last > m.first);
      CHECK(m.x1 >= prev_x2 - 3.0);
      next = m.last;
      prev_x2 = m.x2;
      ++marks;
      if (m.folded()) ++folded;
      requests += row.requests_in(m.first, m.last);
      failures += row.failures_in(m.first, m.last);
    });
    INFO("visible " << visible_us << " us");
    CHECK(next == last);
    CHECK(requests == row.requests_in(first, last));
    CHECK(failures == row.failures_in(first, last));
    if (visible_us >= static_cast<double>(end) / 50) {
      CHECK(folded > 0);
      CHECK(marks <= static_cast<std::size_t>(width / 3.0) * 2 + 2);  // bounded by pixels, not items
    }
    if (visible_us <= 20000.0) CHECK(folded == 0);  // every bar (>= 0.1 ms) is 5 px or wider
  }
}

TEST_CASE("timeline: a real lab 2 run", "[ui][timeline]") {
  const std::string dir = std::string(FL_SOURCE_DIR) + "/labs/02-rate-limits";
  Diagnostics diags;
  auto lab = grade::LabRunner::load(dir, diags);
  INFO(diags.to_string());
  REQUIRE(lab);
  std::string error;
  auto code = read_file(dir + "/reference.lua", &error);
  REQUIRE(code);
  const auto out = lab->run(*code, "reference.lua", 101);
  REQUIRE(out.facts.ok());
  const sim::WorldSpec& world = *lab->lab().world;
  const auto m = ui::build_timeline(*out.journal, world);
  const grade::Trace trace(*out.journal, &world);

  REQUIRE(m.requests.size() == trace.requests().size());
  REQUIRE(m.requests.size() > 100);
  std::size_t agent_requests = 0, service_requests = 0, agents = 0;
  for (const auto& lane : m.lanes) {
    if (lane.kind == ui::LaneKind::agent) agent_requests += lane.request_count(), ++agents;
    if (lane.kind == ui::LaneKind::service) service_requests += lane.request_count();
  }
  CHECK(agents == 3);
  CHECK(agent_requests == m.requests.size());
  CHECK(service_requests == m.requests.size());
  const int embeddings = m.find_lane(ui::LaneKind::service, "embeddings");
  REQUIRE(embeddings >= 0);
  const auto& lane = m.lanes[static_cast<std::size_t>(embeddings)];
  CHECK(lane.limiters.size() >= 2);  // per-minute and per-second (per key)
  bool degraded = false;
  for (const auto& w : lane.windows)
    if (w.label == "status 429 'degraded'") degraded = w.from == tl_sec(150) && w.to <= tl_sec(200);
  CHECK(degraded);
  int retries = 0, limited = 0;
  for (std::size_t i = 0; i < m.requests.size(); ++i) {
    CHECK(m.requests[i].attempt == trace.requests()[i].attempt);
    if (m.requests[i].attempt > 1) ++retries;
    if (m.requests[i].outcome == ui::Outcome::rate_limited) ++limited;
  }
  CHECK(retries > 0);
  CHECK(limited > 0);
  check_rows(m);
}

#pragma once
// TimelineModel: what the lab workspace's Timeline and Metrics tabs draw, built from a run's
// journal and the lab's world spec: once when the run has finished, and (throttled, e.g. a few
// times a second; build cost in docs/performance.md) while it runs, so the learner sees the
// first requests at once. No ImGui here: the model is plain data, unit-tested on its own
// (tests/unit/ui/timeline_model_test.cpp); ui/timeline_view.h draws it.
//
// Lanes: one per agent (followed by one per task of that agent, shown when the agent lane is
// expanded) and one per service. A lane holds rows of items (requests as bars from send to
// the client's outcome, sleeps as gaps); within a row, items never overlap and are sorted by
// start, so the visible range is two binary searches and a run of sub-pixel items can be
// skipped with a third (the view's folding). Requests that overlap in time (several tasks of
// one agent, several agents on one service) go to the first row free at their start.
//
// Attempt numbers and retry chains are grade::Trace's (the grader's own notion); the model
// copies what it shows, so it does not refer to the journal once built.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/journal.h"
#include "sim/world_spec.h"

namespace fl::ui {

// How a request ended, as the learner reads it (colours in ui/timeline_colours.h).
enum class Outcome : std::uint8_t { success, client_error, rate_limited, server_error, network, timeout, pending };
inline constexpr int kOutcomeCount = 7;
std::string_view to_string(Outcome outcome);  // "2xx/3xx", "4xx", "429", "5xx", "network", "timeout", "no answer"
// The class of a status (0 = no HTTP answer) or network error ("timeout" is its own class).
Outcome classify_outcome(int status, std::string_view net_error, bool answered);
inline bool is_failure(Outcome o) { return o != Outcome::success; }

struct TimelineHeader {
  std::string name, value;
};

struct TimelineRequest {
  sim::EventId event = 0;          // the `request` journal event
  sim::Micros sent = 0;
  sim::Micros received = -1;       // when the client got its outcome (-1: never)
  Outcome outcome = Outcome::pending;
  int status = 0;                  // 0: no HTTP answer
  int attempt = 1;                 // grade::Trace's attempt number in its retry chain
  int chain = -1;                  // grade::Trace's chain index
  std::string agent, task, service, route, method, url;
  std::string net_error;           // "timeout", "dns", ... ("" when answered)
  std::string fault;               // the world fault that fired on it ("" when none)
  sim::Micros timeout = 0;         // <= 0: none
  bool has_retry_after = false;
  sim::Micros retry_after = 0;     // parsed Retry-After, as the grader reads it
  bool limiter_rejected = false;
  std::vector<TimelineHeader> limit_headers;  // Retry-After, X-RateLimit-*, RateLimit* as sent
};

enum class ItemKind : std::uint8_t { request, sleep };

// One bar of a row: a request (index into TimelineModel::requests) or a sleep (index into
// TimelineModel::sleeps).
struct TimelineItem {
  sim::Micros from = 0, to = 0;
  std::uint32_t index = 0;
  ItemKind kind = ItemKind::request;
  Outcome outcome = Outcome::success;  // requests only
};

// Items that never overlap, sorted by `from`, plus prefix counts so that a folded run of
// items [i, j) tells how many requests and failures it holds in O(1).
struct TimelineRow {
  std::vector<TimelineItem> items;
  std::vector<std::uint32_t> requests_before;  // size items + 1
  std::vector<std::uint32_t> failures_before;  // size items + 1

  // [first, last): exactly the items overlapping the closed range [from, to].
  std::pair<std::size_t, std::size_t> overlapping(sim::Micros from, sim::Micros to) const;
  // The first item at or after `i` that ends after `t` (items.size() if none).
  std::size_t first_ending_after(sim::Micros t, std::size_t i = 0) const;
  std::uint32_t requests_in(std::size_t first, std::size_t last) const {
    return requests_before[last] - requests_before[first];
  }
  std::uint32_t failures_in(std::size_t first, std::size_t last) const {
    return failures_before[last] - failures_before[first];
  }
};

// Level of detail: where items land on screen, x = x0 + (t - from_us) * px_per_us.
struct PixelScale {
  double x0 = 0;
  double from_us = 0;  // the time at x0
  double px_per_us = 1;

  double x_of(sim::Micros t) const { return x0 + (static_cast<double>(t) - from_us) * px_per_us; }
  sim::Micros t_of(double x) const { return static_cast<sim::Micros>(std::floor(from_us + (x - x0) / px_per_us)); }
};

// One mark of a row at a zoom: items [first, last) drawn from x1 to x2. One item is a bar;
// several (a folded run of bars narrower than the fold width) are one counted mark.
struct RowMark {
  std::size_t first = 0, last = 0;
  double x1 = 0, x2 = 0;
  bool folded() const { return last - first > 1; }
};

// Calls mark(RowMark) for the items of `row` overlapping [from, to], in order: an item at
// least `min_px` wide on its own; a narrower one together with every following item that
// stays narrower than `min_px` and starts within `min_px` of the run (Tracy's folding). Every
// overlapping item is in exactly one mark; a run is skipped with a binary search, so a row
// costs O(marks x log n) however many items it holds.
template <class F>
void for_each_mark(const TimelineRow& row, sim::Micros from, sim::Micros to, const PixelScale& px, double min_px,
                   F&& mark) {
  auto [i, last] = row.overlapping(from, to);
  while (i < last) {
    const TimelineItem& it = row.items[i];
    const double x1 = px.x_of(it.from), x2 = px.x_of(it.to);
    if (x2 - x1 >= min_px) {
      mark(RowMark{i, i + 1, x1, x2});
      ++i;
      continue;
    }
    double end = x2;
    std::size_t j = i + 1;
    while (j < last) {
      // Everything ending within the fold width of the run joins it at once.
      j = std::max(j, row.first_ending_after(px.t_of(end + min_px), j));
      if (j >= last) break;
      const TimelineItem& next = row.items[j];
      const double nx1 = px.x_of(next.from), nx2 = px.x_of(next.to);
      if (nx2 - nx1 >= min_px || nx1 > end + min_px) break;  // a wide bar, or a gap: the run ends
      end = nx2;
      ++j;
    }
    j = std::min(j, last);
    mark(RowMark{i, j, x1, std::max(end, x1 + min_px)});
    i = j;
  }
}

struct TimelineSleep {
  sim::EventId event = 0;
  sim::Micros from = 0, duration = 0;
  int line = 0;
};

// A trace.state key's values over time (or a scenario's states on a service lane).
struct StateBand {
  sim::Micros from = 0, to = 0;
  std::string value;
  sim::EventId event = 0;
};
struct StateTrack {
  std::string key;
  std::vector<StateBand> bands;  // sorted, disjoint
};

// A fault's time window (outage or other kind) on a service lane.
struct FaultWindow {
  sim::Micros from = 0, to = 0;
  std::string label;  // "outage (503)", "status 429 'burst'", ...
  bool outage = false;
};

struct LimiterPoint {
  sim::Micros time = 0;
  std::int64_t remaining = 0;
};
// A rate limiter's remaining budget after each decision, per partition.
struct LimiterSeries {
  std::string limiter, partition;
  std::int64_t limit = 0;  // the largest limit seen (the line's full scale)
  std::vector<LimiterPoint> points;  // sorted by time
};

struct LogTick {
  sim::Micros time = 0;
  sim::EventId event = 0;
  std::string level, message;
};

enum class LaneKind : std::uint8_t { agent, task, service };

struct TimelineLane {
  LaneKind kind = LaneKind::agent;
  std::string name;
  int parent = -1;                // a task lane's agent lane
  std::vector<int> children;      // an agent lane's task lanes
  std::vector<TimelineRow> rows;  // at least one
  std::vector<StateTrack> states;
  std::vector<FaultWindow> windows;
  std::vector<LimiterSeries> limiters;
  std::vector<LogTick> logs;      // sorted by time

  std::size_t request_count() const;
};

// The learner's metrics: metrics.inc series are counters (the running total), metrics.observe
// series are observations (each value as given).
struct MetricPoint {
  sim::Micros time = 0;
  double value = 0;
};
struct MetricSeries {
  std::string name;
  bool counter = false;
  std::vector<MetricPoint> points;  // sorted by time
  double min = 0, max = 0;
};

struct TimelineModel {
  std::string digest;                  // the journal's digest (identifies the run)
  std::size_t events = 0;              // the journal's size when built (a growing run: rebuild when it grew)
  sim::Micros end = 0;                 // the last event's time
  std::vector<TimelineLane> lanes;     // agents, each followed by its tasks, then services
  std::vector<TimelineRequest> requests;  // journal order (so sorted by event id)
  std::vector<TimelineSleep> sleeps;
  std::vector<MetricSeries> metrics;   // in order of first appearance
  std::vector<sim::Micros> event_times;  // by event id - 1

  // Index into requests of a request event id, or -1.
  int find_request(sim::EventId event) const;
  // Virtual time of any journal event (-1 if out of range).
  sim::Micros time_of(sim::EventId event) const;
  // The lane of an agent, task (of that agent) or service by name (-1 if none).
  int find_lane(LaneKind kind, std::string_view name, std::string_view agent = {}) const;
  bool empty() const { return requests.empty() && sleeps.empty() && metrics.empty(); }
};

TimelineModel build_timeline(const sim::Journal& journal, const sim::WorldSpec& world);

}  // namespace fl::ui

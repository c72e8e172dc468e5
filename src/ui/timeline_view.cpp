#include "ui/timeline_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>

#include <imgui_internal.h>

#include "ui/timeline_axis.h"
#include "ui/timeline_colours.h"
#include "ui/views.h"

namespace fl::ui {

namespace {

constexpr float kLabelWidth = 150;   // lane names
constexpr float kSideWidth = 300;    // the pinned request's details
constexpr float kFoldPx = 3;         // bars narrower than this fold into a counted mark
constexpr float kRowPx = 18, kMaxRowsPx = 72, kMinRowPx = 3, kStatePx = 7, kLanePad = 4, kMinLanePx = 36;

// Per-widget state, kept across frames (ImGui-style, keyed by the widget id).
struct TimelineWidget {
  std::string digest;  // the model shown
  // The last request of that model: a new model that still has it (same event, time and URL)
  // is the same run grown (rebuilt while it runs), and keeps the learner's view.
  sim::EventId last_event = 0;
  sim::Micros last_sent = 0;
  std::string last_url;
  TimeRange range;
  bool follow = true;  // the view shows the whole run (and keeps doing so as it grows)
  float scroll_y = 0;
  std::vector<std::string> expanded_agents;  // sorted
  std::vector<bool> expanded;                // per lane of the model shown (agent lanes)
  int pinned = -1;                           // request index
  sim::EventId last_pinned_event = 0;
  std::uint64_t focus_generation = 0;
  std::vector<int> highlighted;  // request indices, sorted
  std::vector<std::vector<int>> lane_highlights;  // the same per lane
  std::vector<sim::Micros> marks;  // focused events that are not requests: their times
  std::vector<sim::EventId> selected;
  int scroll_to_lane = -1;
};

std::unordered_map<ImGuiID, TimelineWidget>& timeline_widgets() {
  static std::unordered_map<ImGuiID, TimelineWidget> widgets;
  return widgets;
}

// What the pointer is over this frame (the tooltip shows the most specific).
struct Hover {
  int request = -1;
  int sleep = -1;
  const StateBand* band = nullptr;
  const StateTrack* track = nullptr;
  const FaultWindow* window = nullptr;
  const LogTick* log = nullptr;
  std::uint32_t folded_requests = 0, folded_failures = 0, folded_items = 0;
  int lane_label = -1;
};

struct Plot {
  ImDrawList* draw;
  const TimelineModel& model;
  const TimelineColours& colours;
  const Palette& palette;
  const TimeRange& range;
  float x0, width, top, bottom;
  ImVec2 mouse;
  bool mouse_in_plot;
  const TimelineWidget& widget;

  PixelScale scale;  // the same mapping in microseconds, for the level-of-detail walk

  // Screen x, kept just outside the plot for far-away times (floats lose pixels there).
  float clamp_x(double x) const { return static_cast<float>(std::clamp(x, x0 - 10.0, x0 + width + 10.0)); }
  float x_of(sim::Micros t) const { return clamp_x(scale.x_of(t)); }
  sim::Micros t_of(float x) const { return scale.t_of(x); }
  bool hovers(float x1, float y1, float x2, float y2) const {
    return mouse_in_plot && mouse.x >= x1 && mouse.x < x2 && mouse.y >= y1 && mouse.y < y2;
  }
};

std::string bar_label(const TimelineRequest& q) {
  std::string s = q.net_error.empty() ? (q.status ? std::to_string(q.status) : std::string("…")) : q.net_error;
  if (q.attempt > 1) s += " #" + std::to_string(q.attempt);
  return s;
}

bool is_highlighted(const TimelineWidget& w, int request) {
  return std::binary_search(w.highlighted.begin(), w.highlighted.end(), request);
}

void draw_request_bar(const Plot& p, const TimelineItem& it, float x1, float x2, float y1, float y2, Hover& hover) {
  const auto ri = static_cast<int>(it.index);
  const TimelineRequest& q = p.model.requests[it.index];
  const float h = y2 - y1;
  const float inset = h >= 8 ? 1 : 0;
  const ImVec2 a(x1, y1 + inset), b(std::max(x2 - 1, x1 + 1), y2 - inset);
  p.draw->AddRectFilled(a, b, p.colours.outcome[static_cast<int>(it.outcome)], h >= 8 ? 2.0f : 0.0f);
  if (is_highlighted(p.widget, ri)) p.draw->AddRect(a - ImVec2(1, 1), b + ImVec2(1, 1), p.colours.highlight, 2.0f, 0, 2.0f);
  if (p.widget.pinned == ri) p.draw->AddRect(a - ImVec2(2, 2), b + ImVec2(2, 2), p.palette.accent, 2.0f, 0, 2.0f);
  if (h >= ImGui::GetFontSize() - 1) {
    const std::string label = bar_label(q);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    const float left = std::max(a.x, p.x0), right = std::min(b.x, p.x0 + p.width);
    if (ts.x + 6 < right - left)
      p.draw->AddText(ImVec2(left + 3, std::floor((y1 + y2 - ts.y) / 2)), p.colours.bar_text, label.c_str());
  }
  if (p.hovers(x1 - 1, y1, std::max(x2, x1 + 2), y2)) hover.request = ri;
}

void draw_row(const Plot& p, const TimelineRow& row, float y1, float y2, Hover& hover) {
  const float mid = std::floor((y1 + y2) / 2) + 0.5f;
  for_each_mark(row, p.t_of(p.x0), p.t_of(p.x0 + p.width) + 1, p.scale, kFoldPx, [&](const RowMark& m) {
    const float x1 = p.clamp_x(m.x1), x2 = p.clamp_x(m.x2);
    const TimelineItem& first = row.items[m.first];
    if (!m.folded() && first.kind == ItemKind::request) {
      draw_request_bar(p, first, x1, std::max(x2, x1 + kFoldPx - 1), y1, y2, hover);
      return;
    }
    const std::uint32_t requests = row.requests_in(m.first, m.last), failures = row.failures_in(m.first, m.last);
    if (requests == 0) {  // sleeps: a thin line with end ticks
      p.draw->AddLine(ImVec2(x1, mid), ImVec2(x2, mid), p.colours.sleep);
      if (!m.folded()) {
        p.draw->AddLine(ImVec2(x1 + 0.5f, mid - 2), ImVec2(x1 + 0.5f, mid + 3), p.colours.sleep);
        p.draw->AddLine(ImVec2(x2 - 0.5f, mid - 2), ImVec2(x2 - 0.5f, mid + 3), p.colours.sleep);
        if (p.hovers(x1, y1, x2, y2)) hover.sleep = static_cast<int>(first.index);
        return;
      }
    } else {
      // A counted mark; the failed share of the run as a strip along its bottom.
      p.draw->AddRectFilled(ImVec2(x1, y1 + 1), ImVec2(x2, y2 - 1), p.colours.fold);
      if (failures > 0) {
        const float share = static_cast<float>(failures) / static_cast<float>(requests);
        const float fh = std::max(2.0f, (y2 - y1 - 2) * share);
        p.draw->AddRectFilled(ImVec2(x1, y2 - 1 - fh), ImVec2(x2, y2 - 1),
                              p.colours.outcome[static_cast<int>(Outcome::server_error)]);
      }
    }
    if (p.hovers(x1 - 1, y1, x2 + 1, y2)) {
      hover.folded_items = static_cast<std::uint32_t>(m.last - m.first);
      hover.folded_requests = requests;
      hover.folded_failures = failures;
    }
  });
}

// A triangle above each highlighted request of the lane (visible even when its bar is folded).
void draw_highlight_marks(const Plot& p, const std::vector<int>& requests, float y) {
  // Request indices are in send order: the visible ones are one binary search away.
  auto it = std::lower_bound(requests.begin(), requests.end(), p.t_of(p.x0 - 4), [&](int ri, sim::Micros t) {
    return p.model.requests[static_cast<std::size_t>(ri)].sent < t;
  });
  for (; it != requests.end(); ++it) {
    const float x = p.x_of(p.model.requests[static_cast<std::size_t>(*it)].sent);
    if (x > p.x0 + p.width + 4) break;
    p.draw->AddTriangleFilled(ImVec2(x - 4, y), ImVec2(x + 4, y), ImVec2(x, y + 5), p.colours.highlight);
  }
}

void draw_states(const Plot& p, const TimelineLane& lane, float y, Hover& hover) {
  for (const StateTrack& track : lane.states) {
    const float y1 = y, y2 = y + kStatePx - 1;
    const sim::Micros from = p.t_of(p.x0), to = p.t_of(p.x0 + p.width) + 1;
    auto it = std::upper_bound(track.bands.begin(), track.bands.end(), from,
                               [](sim::Micros t, const StateBand& b) { return t < b.to; });
    while (it != track.bands.end() && it->from <= to) {
      const float x1 = p.x_of(it->from), x2 = std::max(p.x_of(it->to), x1 + 1);
      p.draw->AddRectFilled(ImVec2(x1, y1), ImVec2(x2, y2), state_colour(p.colours, it->value));
      if (p.hovers(x1, y1 - 1, x2, y2 + 1)) {
        hover.band = &*it;
        hover.track = &track;
      }
      if (x2 - x1 < 1.5f) {  // sub-pixel bands: jump to the next pixel
        const sim::Micros next = p.t_of(x1 + 1);
        it = std::upper_bound(it + 1, track.bands.end(), next,
                              [](sim::Micros t, const StateBand& b) { return t < b.to; });
      } else {
        ++it;
      }
    }
    y += kStatePx;
  }
}

void draw_limiters(const Plot& p, const TimelineLane& lane, float y1, float y2) {
  for (const LimiterSeries& s : lane.limiters) {
    if (s.limit <= 0 || s.points.empty()) continue;
    const sim::Micros from = p.t_of(p.x0), to = p.t_of(p.x0 + p.width) + 1;
    auto it = std::upper_bound(s.points.begin(), s.points.end(), from,
                               [](sim::Micros t, const LimiterPoint& q) { return t < q.time; });
    if (it != s.points.begin()) --it;
    auto y_of = [&](std::int64_t remaining) {
      return y2 - 1 - static_cast<float>(remaining) / static_cast<float>(s.limit) * (y2 - y1 - 2);
    };
    float px = p.x_of(it->time), py = y_of(it->remaining);
    ++it;
    while (it != s.points.end() && it->time <= to) {
      const float x = p.x_of(it->time), y = y_of(it->remaining);
      p.draw->AddLine(ImVec2(px, py), ImVec2(x, py), p.colours.limiter, 1.5f);
      p.draw->AddLine(ImVec2(x, py), ImVec2(x, y), p.colours.limiter, 1.5f);
      px = x, py = y;
      // Several decisions in one pixel: keep the last of them.
      auto next = std::upper_bound(it + 1, s.points.end(), p.t_of(x + 1),
                                   [](sim::Micros t, const LimiterPoint& q) { return t < q.time; });
      it = next == it + 1 ? next : next - 1;
    }
    const float end_x = it == s.points.end() ? p.x_of(p.model.end) : p.x0 + p.width;
    p.draw->AddLine(ImVec2(px, py), ImVec2(std::max(px, end_x), py), p.colours.limiter, 1.5f);
  }
}

void draw_logs(const Plot& p, const TimelineLane& lane, float y2, Hover& hover) {
  const sim::Micros from = p.t_of(p.x0), to = p.t_of(p.x0 + p.width) + 1;
  auto it = std::lower_bound(lane.logs.begin(), lane.logs.end(), from,
                             [](const LogTick& l, sim::Micros t) { return l.time < t; });
  while (it != lane.logs.end() && it->time <= to) {
    const float x = std::floor(p.x_of(it->time)) + 0.5f;
    const ImU32 c = it->level == "error" ? p.colours.log_error : it->level == "warn" ? p.colours.log_warn : p.colours.log;
    p.draw->AddLine(ImVec2(x, y2 - 6), ImVec2(x, y2), c);
    if (p.hovers(x - 2, y2 - 8, x + 3, y2)) hover.log = &*it;
    it = std::lower_bound(it + 1, lane.logs.end(), p.t_of(x + 1.5f),
                          [](const LogTick& l, sim::Micros t) { return l.time < t; });
  }
}

float lane_rows_height(const TimelineLane& lane) {
  const auto n = static_cast<float>(lane.rows.size());
  return std::clamp(n * kRowPx, kRowPx, std::max(kMaxRowsPx, n * kMinRowPx));
}

float lane_height(const TimelineLane& lane) {
  return std::max(kMinLanePx, lane_rows_height(lane) + static_cast<float>(lane.states.size()) * kStatePx + 2 * kLanePad);
}

bool lane_shown(const TimelineModel& model, const TimelineWidget& w, std::size_t i) {
  const TimelineLane& lane = model.lanes[i];
  return lane.kind != LaneKind::task || w.expanded[static_cast<std::size_t>(lane.parent)];
}

void text_line(ImU32 colour, const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(colour));
  ImGui::TextUnformatted(s.c_str());
  ImGui::PopStyleColor();
}

void request_details(const ViewContext& ctx, const TimelineColours& colours, const TimelineRequest& q) {
  const double sent = static_cast<double>(q.sent) / 1e6;
  text_line(ctx.palette.text, q.method + " " + q.url);
  std::string result = q.net_error.empty() ? (q.status ? "status " + std::to_string(q.status) : std::string("no answer"))
                                           : "network error: " + q.net_error;
  result += " (" + std::string(to_string(q.outcome)) + ")";
  text_line(colours.outcome[static_cast<int>(q.outcome)], result);
  text_line(ctx.palette.text_dim, "attempt " + std::to_string(q.attempt) + (q.attempt > 1 ? " (a retry)" : ""));
  std::string timing = "sent at " + time_tick_label(sent, 1e-3);
  if (q.received >= 0) timing += ", outcome after " + duration_label(static_cast<double>(q.received - q.sent) / 1e6);
  if (q.timeout > 0) timing += " (timeout " + duration_label(static_cast<double>(q.timeout) / 1e6) + ")";
  text_line(ctx.palette.text_dim, timing);
  std::string who = q.agent.empty() ? std::string("(no agent)") : q.agent;
  if (!q.task.empty()) who += " / " + q.task;
  who += " -> " + q.service;
  if (!q.route.empty()) who += " (route " + q.route + ")";
  text_line(ctx.palette.text_dim, who);
  if (q.has_retry_after)
    text_line(ctx.palette.text, "Retry-After: wait " + duration_label(static_cast<double>(q.retry_after) / 1e6));
  for (const TimelineHeader& h : q.limit_headers) text_line(ctx.palette.text_dim, h.name + ": " + h.value);
  if (q.limiter_rejected) text_line(ctx.palette.warning, "refused by the rate limiter");
  if (!q.fault.empty()) text_line(ctx.palette.warning, "injected fault: " + q.fault);
}

void draw_timeline_tooltip(const ViewContext& ctx, const TimelineColours& colours, const TimelineModel& model,
                  const Hover& hover) {
  if (hover.request < 0 && hover.sleep < 0 && !hover.folded_items && !hover.band && !hover.window && !hover.log)
    return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
  if (hover.request >= 0) {
    request_details(ctx, colours, model.requests[static_cast<std::size_t>(hover.request)]);
    text_line(ctx.palette.text_dim, "Click to pin.");
  } else if (hover.folded_items) {
    text_line(ctx.palette.text, std::to_string(hover.folded_requests) + " requests here (" +
                                    std::to_string(hover.folded_failures) + " failed)" +
                                    (hover.folded_items > hover.folded_requests ? " and sleeps" : ""));
    text_line(ctx.palette.text_dim, "Too close together to draw one by one: zoom in (wheel) to see them.");
  } else if (hover.sleep >= 0) {
    const TimelineSleep& s = model.sleeps[static_cast<std::size_t>(hover.sleep)];
    text_line(ctx.palette.text, "sleep " + duration_label(static_cast<double>(s.duration) / 1e6));
    text_line(ctx.palette.text_dim, "from " + time_tick_label(static_cast<double>(s.from) / 1e6, 1e-3) +
                                        (s.line ? ", line " + std::to_string(s.line) : std::string()));
  } else if (hover.log) {
    text_line(ctx.palette.text, "[" + hover.log->level + "] " + hover.log->message);
    text_line(ctx.palette.text_dim, "at " + time_tick_label(static_cast<double>(hover.log->time) / 1e6, 1e-3));
  } else if (hover.band) {
    text_line(ctx.palette.text, hover.track->key + " = " + hover.band->value);
    text_line(ctx.palette.text_dim, time_tick_label(static_cast<double>(hover.band->from) / 1e6, 1e-3) + " to " +
                                        time_tick_label(static_cast<double>(hover.band->to) / 1e6, 1e-3));
  } else if (hover.window) {
    text_line(ctx.palette.text, "fault window: " + hover.window->label);
    text_line(ctx.palette.text_dim, time_tick_label(static_cast<double>(hover.window->from) / 1e6, 1e-3) + " to " +
                                        time_tick_label(static_cast<double>(hover.window->to) / 1e6, 1e-3));
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void draw_timeline_legend(const ViewContext& ctx, const TimelineColours& colours, ImVec2 at, float width) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float h = ImGui::GetFontSize();
  float x = at.x;
  auto item = [&](ImU32 swatch, const char* label, int style) {
    const float tw = ImGui::CalcTextSize(label).x;
    if (x + 16 + tw > at.x + width) return;
    const ImVec2 a(x, at.y + 3), b(x + 12, at.y + h - 3);
    if (style == 0) draw->AddRectFilled(a, b, swatch, 2);
    if (style == 1) draw->AddLine(ImVec2(a.x, (a.y + b.y) / 2), ImVec2(b.x, (a.y + b.y) / 2), swatch, 1.5f);
    if (style == 2) draw->AddLine(ImVec2(a.x + 6, a.y), ImVec2(a.x + 6, b.y), swatch, 1.0f);
    draw->AddText(ImVec2(x + 16, at.y), ctx.palette.text_dim, label);
    x += 16 + tw + 12;
  };
  for (int o = 0; o < kOutcomeCount; ++o) {
    const std::string label(to_string(static_cast<Outcome>(o)));
    item(colours.outcome[o], label.c_str(), 0);
  }
  item(colours.fold, "many (zoom in)", 0);
  item(colours.sleep, "sleep", 1);
  item(colours.limiter, "limiter budget", 1);
  item(colours.outage, "outage", 0);
  item(colours.window, "fault window", 0);
  item(colours.log, "log line", 2);
}

// Lane names, with a toggle on agents that have tasks.
void draw_lane_label(const ViewContext& ctx, ImDrawList* draw, const TimelineLane& lane, bool expanded, ImVec2 at,
                     float height) {
  const float indent = lane.kind == LaneKind::task ? 14 : 0;
  const float fh = ImGui::GetFontSize();
  float x = at.x + 6 + indent;
  if (!lane.children.empty()) {
    const ImVec2 c(x + 4, at.y + kLanePad + fh / 2);
    if (expanded)
      draw->AddTriangleFilled(c + ImVec2(-4, -2), c + ImVec2(4, -2), c + ImVec2(0, 3), ctx.palette.text_dim);
    else
      draw->AddTriangleFilled(c + ImVec2(-2, -4), c + ImVec2(-2, 4), c + ImVec2(3, 0), ctx.palette.text_dim);
  }
  x += 12;
  const char* kind = lane.kind == LaneKind::agent ? "agent" : lane.kind == LaneKind::task ? "task" : "service";
  ImGui::PushClipRect(at, ImVec2(at.x + kLabelWidth - 4, at.y + height), true);
  draw->AddText(ImVec2(x, at.y + kLanePad), ctx.palette.text, lane.name.empty() ? "(none)" : lane.name.c_str());
  const std::string sub = std::string(kind) + " · " + std::to_string(lane.request_count()) + " req";
  if (height >= 2 * fh + kLanePad) draw->AddText(ImVec2(x, at.y + kLanePad + fh), ctx.palette.text_dim, sub.c_str());
  ImGui::PopClipRect();
}

void apply_focus(TimelineWidget& w, const TimelineModel& model, const TimelineFocus& focus);

bool continues(const TimelineWidget& w, const TimelineModel& model) {
  if (w.last_event == 0) return false;
  const int ri = model.find_request(w.last_event);
  if (ri < 0) return false;
  const TimelineRequest& q = model.requests[static_cast<std::size_t>(ri)];
  return q.sent == w.last_sent && q.url == w.last_url;
}

// Takes `model` as the one shown, keeping the expanded agents and the pinned request.
void adopt(TimelineWidget& w, const TimelineModel& model) {
  const sim::EventId pinned = w.pinned >= 0 && !w.digest.empty() ? w.last_pinned_event : 0;
  w.digest = model.digest;
  w.last_event = model.requests.empty() ? 0 : model.requests.back().event;
  w.last_sent = model.requests.empty() ? 0 : model.requests.back().sent;
  w.last_url = model.requests.empty() ? std::string() : model.requests.back().url;
  w.expanded.assign(model.lanes.size(), false);
  for (std::size_t i = 0; i < model.lanes.size(); ++i)
    if (model.lanes[i].kind == LaneKind::agent)
      w.expanded[i] = std::binary_search(w.expanded_agents.begin(), w.expanded_agents.end(), model.lanes[i].name);
  w.pinned = pinned ? model.find_request(pinned) : -1;
  w.lane_highlights.assign(model.lanes.size(), {});
  if (w.focus_generation != 0) {  // the same focus, on the grown run
    TimelineFocus again{w.focus_generation, w.selected};
    apply_focus(w, model, again);
  }
}

void set_expanded(TimelineWidget& w, const TimelineLane& lane, std::size_t index, bool expanded) {
  w.expanded[index] = expanded;
  auto it = std::lower_bound(w.expanded_agents.begin(), w.expanded_agents.end(), lane.name);
  const bool listed = it != w.expanded_agents.end() && *it == lane.name;
  if (expanded && !listed) w.expanded_agents.insert(it, lane.name);
  if (!expanded && listed) w.expanded_agents.erase(it);
}

void apply_focus(TimelineWidget& w, const TimelineModel& model, const TimelineFocus& focus) {
  w.focus_generation = focus.generation;
  w.highlighted.clear();
  w.marks.clear();
  w.selected = focus.events;
  sim::Micros lo = sim::kForever, hi = -1;
  for (sim::EventId e : focus.events) {
    const int ri = model.find_request(e);
    if (ri >= 0) {
      const TimelineRequest& q = model.requests[static_cast<std::size_t>(ri)];
      w.highlighted.push_back(ri);
      lo = std::min(lo, q.sent);
      hi = std::max(hi, q.received >= 0 ? q.received : model.end);
    } else if (const sim::Micros t = model.time_of(e); t >= 0) {
      w.marks.push_back(t);
      lo = std::min(lo, t);
      hi = std::max(hi, t);
    }
  }
  std::sort(w.highlighted.begin(), w.highlighted.end());
  w.highlighted.erase(std::unique(w.highlighted.begin(), w.highlighted.end()), w.highlighted.end());
  w.lane_highlights.assign(model.lanes.size(), {});
  for (int ri : w.highlighted) {
    const TimelineRequest& q = model.requests[static_cast<std::size_t>(ri)];
    for (int lane : {model.find_lane(LaneKind::agent, q.agent), model.find_lane(LaneKind::task, q.task, q.agent),
                     model.find_lane(LaneKind::service, q.service)})
      if (lane >= 0) w.lane_highlights[static_cast<std::size_t>(lane)].push_back(ri);
  }
  if (hi < 0) return;
  w.range.fit(static_cast<double>(lo) / 1e6, static_cast<double>(hi) / 1e6);
  if (!w.highlighted.empty()) {
    const TimelineRequest& q = model.requests[static_cast<std::size_t>(w.highlighted.front())];
    w.scroll_to_lane = model.find_lane(LaneKind::agent, q.agent);
  }
}

}  // namespace

TimelineReport draw_timeline(const ViewContext& ctx, const char* id, const TimelineModel& model,
                             const TimelineFocus& focus, ImVec2 size) {
  ImGui::PushID(id);
  TimelineWidget& w = timeline_widgets()[ImGui::GetID("timeline")];
  const double end_s = static_cast<double>(model.end) / 1e6;
  if (w.digest != model.digest || w.expanded.size() != model.lanes.size()) {
    if (!continues(w, model)) {
      const std::uint64_t generation = w.focus_generation;  // a focus is not asked twice
      w = TimelineWidget{};
      w.focus_generation = generation;
    }
    adopt(w, model);
  }
  if (focus.generation != w.focus_generation) {
    apply_focus(w, model, focus);
    w.follow = w.highlighted.empty() && w.marks.empty();
  }
  if (w.follow) w.range.fit(0, end_s);

  const TimelineColours& colours = timeline_colours(ctx.palette);
  if (ctx.fonts.small) ImGui::PushFont(ctx.fonts.small);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (size.x <= 0) size.x = avail.x;
  if (size.y <= 0) size.y = avail.y;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float fh = ImGui::GetFontSize();
  const float side = w.pinned >= 0 ? kSideWidth : 0;
  const float legend_h = fh + 8, axis_h = fh + 6;
  const float x0 = origin.x + kLabelWidth;
  const float width = std::max(10.0f, size.x - kLabelWidth - side);
  const float top = origin.y + legend_h + axis_h, bottom = origin.y + size.y;
  ImDrawList* draw = ImGui::GetWindowDrawList();

  draw_timeline_legend(ctx, colours, ImVec2(origin.x, origin.y + 2), size.x - side);

  // Lane layout (shown lanes only) and the total height for scrolling.
  float content_h = 0;
  for (std::size_t i = 0; i < model.lanes.size(); ++i) {
    if (!lane_shown(model, w, i)) continue;
    if (static_cast<int>(i) == w.scroll_to_lane) {
      w.scroll_y = content_h;
      w.scroll_to_lane = -1;
    }
    content_h += lane_height(model.lanes[i]);
  }
  const float view_h = std::max(0.0f, bottom - top);

  // Input: one item over lanes and plot (labels toggle agents; the plot zooms and pans).
  ImGui::SetCursorScreenPos(ImVec2(origin.x, top));
  ImGui::InvisibleButton("lanes", ImVec2(kLabelWidth + width, std::max(1.0f, view_h)));
  const ImGuiIO& io = ImGui::GetIO();
  const bool hovered = ImGui::IsItemHovered();
  if (handle_time_gestures(w.range, x0, width, 0, std::max(end_s, 1e-3)))
    w.follow = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);  // fitted again: follow the run again
  if (hovered && io.KeyShift && io.MouseWheel != 0) w.scroll_y -= io.MouseWheel * 3 * fh;
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) w.scroll_y -= io.MouseDelta.y;
  w.scroll_y = std::clamp(w.scroll_y, 0.0f, std::max(0.0f, content_h - view_h));
  const bool clicked = ImGui::IsItemDeactivated() && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
                       ImLengthSqr(ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0)) < 9;

  // Axis and grid.
  draw->AddRectFilled(ImVec2(origin.x, origin.y + legend_h), ImVec2(x0 + width, top), ctx.palette.surface);
  ImGui::PushClipRect(ImVec2(x0, origin.y + legend_h), ImVec2(x0 + width, bottom), true);
  draw_time_grid(draw, w.range, x0, width, origin.y + legend_h + 2, bottom, colours.grid, ctx.palette.text_dim, true);
  ImGui::PopClipRect();
  if (model.lanes.empty() || model.requests.empty()) {
    draw->AddText(ImVec2(x0 + 8, top + 8), ctx.palette.text_dim,
                  model.lanes.empty() ? "No run yet: press Run to see what your agents do, request by request."
                                      : "This run sent no requests.");
  }

  const PixelScale scale{x0, w.range.from_s * 1e6, width / (w.range.span() * 1e6)};
  Plot plot{draw,   model, colours,   ctx.palette, w.range, x0, width, top, bottom, io.MousePos,
            hovered && io.MousePos.x >= x0, w, scale};
  Hover hover;
  float y = top - w.scroll_y;
  int shown = 0;
  for (std::size_t i = 0; i < model.lanes.size(); ++i) {
    if (!lane_shown(model, w, i)) continue;
    const TimelineLane& lane = model.lanes[i];
    const bool alternate = shown++ % 2 == 1;
    const float h = lane_height(lane);
    const float y1 = y, y2 = y + h;
    y = y2;
    if (y2 < top || y1 > bottom) continue;  // outside the clip rectangle
    ImGui::PushClipRect(ImVec2(origin.x, top), ImVec2(x0 + width, bottom), true);
    if (alternate) draw->AddRectFilled(ImVec2(origin.x, y1), ImVec2(x0 + width, y2), colours.lane_alt);
    draw->AddLine(ImVec2(origin.x, y2 - 0.5f), ImVec2(x0 + width, y2 - 0.5f), colours.grid);
    draw_lane_label(ctx, draw, lane, w.expanded[i], ImVec2(origin.x, y1), h);
    if (hovered && io.MousePos.x < x0 && io.MousePos.y >= y1 && io.MousePos.y < y2) hover.lane_label = static_cast<int>(i);
    ImGui::PopClipRect();

    ImGui::PushClipRect(ImVec2(x0, top), ImVec2(x0 + width, bottom), true);
    for (const FaultWindow& fw : lane.windows) {
      const float wx1 = plot.x_of(fw.from), wx2 = std::max(plot.x_of(fw.to), wx1 + 1);
      if (wx2 < x0 || wx1 > x0 + width) continue;
      draw->AddRectFilled(ImVec2(wx1, y1), ImVec2(wx2, y2), fw.outage ? colours.outage : colours.window);
      if (wx2 - wx1 > ImGui::CalcTextSize(fw.label.c_str()).x + 8 && lane.states.empty())
        draw->AddText(ImVec2(std::max(wx1, x0) + 4, y2 - fh - 1), ctx.palette.text_dim, fw.label.c_str());
      if (plot.hovers(wx1, y1, wx2, y2)) hover.window = &fw;
    }
    float ry = y1 + kLanePad;
    draw_states(plot, lane, ry, hover);
    ry += static_cast<float>(lane.states.size()) * kStatePx;
    const float rows_h = lane_rows_height(lane);
    const float row_h = rows_h / static_cast<float>(lane.rows.size());
    for (std::size_t r = 0; r < lane.rows.size(); ++r) {
      const float r1 = std::floor(ry + static_cast<float>(r) * row_h);
      draw_row(plot, lane.rows[r], r1, std::floor(r1 + row_h), hover);
    }
    draw_limiters(plot, lane, ry, ry + rows_h);
    draw_logs(plot, lane, y2 - 1, hover);
    if (!w.lane_highlights[i].empty()) draw_highlight_marks(plot, w.lane_highlights[i], y1);
    ImGui::PopClipRect();
  }
  // Focused events that are not requests: a vertical marker each.
  ImGui::PushClipRect(ImVec2(x0, top), ImVec2(x0 + width, bottom), true);
  for (sim::Micros t : w.marks) {
    const float mx = std::floor(plot.x_of(t)) + 0.5f;
    draw->AddLine(ImVec2(mx, top), ImVec2(mx, bottom), colours.highlight, 1.5f);
  }
  if (hovered && io.MousePos.x >= x0) {  // a hairline under the pointer
    draw->AddLine(ImVec2(io.MousePos.x, top), ImVec2(io.MousePos.x, bottom), colours.grid);
  }
  ImGui::PopClipRect();
  // A scroll indicator when the lanes are taller than the view.
  if (content_h > view_h && view_h > 0) {
    const float bar_h = std::max(16.0f, view_h * view_h / content_h);
    const float bar_y = top + (view_h - bar_h) * (w.scroll_y / (content_h - view_h));
    draw->AddRectFilled(ImVec2(x0 + width - 4, bar_y), ImVec2(x0 + width - 1, bar_y + bar_h), ctx.palette.border, 2);
  }

  if (!ImGui::IsItemActive() || !ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) draw_timeline_tooltip(ctx, colours, model, hover);
  if (clicked) {
    if (hover.lane_label >= 0 && !model.lanes[static_cast<std::size_t>(hover.lane_label)].children.empty())
      set_expanded(w, model.lanes[static_cast<std::size_t>(hover.lane_label)],
                   static_cast<std::size_t>(hover.lane_label), !w.expanded[static_cast<std::size_t>(hover.lane_label)]);
    else if (io.MousePos.x >= x0)
      w.pinned = hover.request;  // clicking empty space unpins
  }

  // The pinned request's details beside the plot.
  if (w.pinned >= 0) {
    const ImVec2 box(x0 + width + 8, origin.y);
    draw->AddRectFilled(box, ImVec2(origin.x + size.x, bottom), ctx.palette.surface, 6);
    ImGui::SetCursorScreenPos(box + ImVec2(10, 8));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(origin.x + size.x - 10);
    text_line(ctx.palette.text, "Pinned request");
    request_details(ctx, colours, model.requests[static_cast<std::size_t>(w.pinned)]);
    if (ImGui::SmallButton("Unpin")) w.pinned = -1;
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }
  w.last_pinned_event = w.pinned >= 0 ? model.requests[static_cast<std::size_t>(w.pinned)].event : 0;

  if (ctx.fonts.small) ImGui::PopFont();
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(size);
  ImGui::PopID();

  TimelineReport report;
  if (hover.request >= 0) report.hovered = model.requests[static_cast<std::size_t>(hover.request)].event;
  if (w.pinned >= 0) report.pinned = model.requests[static_cast<std::size_t>(w.pinned)].event;
  report.view_from_s = w.range.from_s;
  report.view_to_s = w.range.to_s;
  report.selected = w.selected;
  return report;
}

}  // namespace fl::ui

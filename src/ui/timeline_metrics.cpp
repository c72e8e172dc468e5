// draw_metrics (declared in ui/timeline_view.h): the learner's metrics series over virtual time.
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "ui/timeline_axis.h"
#include "ui/timeline_colours.h"
#include "ui/timeline_view.h"
#include "ui/views.h"

namespace fl::ui {

namespace {

constexpr float kChartHeight = 96, kChartMinWidth = 340, kChartGap = 12;

struct MetricsWidget {
  std::string digest;
  TimeRange range;
};

std::unordered_map<ImGuiID, MetricsWidget>& metrics_widgets() {
  static std::unordered_map<ImGuiID, MetricsWidget> widgets;
  return widgets;
}

std::string format_value(double v) {
  char buf[32];
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// One series' chart in [a, b]: counters as steps, observations as points joined by lines.
// Several points in one pixel column draw as one vertical min-max stroke.
void draw_series(ImDrawList* draw, const MetricSeries& s, const TimeRange& range, ImVec2 a, ImVec2 b, ImU32 colour,
                 sim::Micros end) {
  if (s.points.empty()) return;
  const double lo = std::min(s.min, 0.0), hi = s.max > lo ? s.max : lo + 1;
  const float width = b.x - a.x;
  auto y_of = [&](double v) { return b.y - static_cast<float>((v - lo) / (hi - lo)) * (b.y - a.y); };
  auto x_of = [&](sim::Micros t) {
    return std::clamp(range.x_of(static_cast<double>(t) / 1e6, a.x, width), a.x - 10.0f, b.x + 10.0f);
  };
  auto t_of = [&](float x) { return static_cast<sim::Micros>(std::floor(range.t_of(x, a.x, width) * 1e6)); };
  const sim::Micros from = t_of(a.x), to = t_of(b.x) + 1;
  auto it = std::lower_bound(s.points.begin(), s.points.end(), from,
                             [](const MetricPoint& p, sim::Micros t) { return p.time < t; });
  if (it != s.points.begin()) --it;
  bool first = true;
  float px = 0, py = 0;
  while (it != s.points.end()) {
    const float x = x_of(it->time);
    // The points of this pixel column: their range, then the last one carries on.
    auto column_end = std::lower_bound(it, s.points.end(), t_of(std::floor(x) + 1),
                                       [](const MetricPoint& p, sim::Micros t) { return p.time < t; });
    if (column_end == it) ++column_end;
    double cmin = it->value, cmax = it->value;
    for (auto c = it; c != column_end && c - it < 64; ++c) cmin = std::min(cmin, c->value), cmax = std::max(cmax, c->value);
    const double last = (column_end - 1)->value;
    const float y = y_of(last);
    if (!first) {
      if (s.counter) {
        draw->AddLine(ImVec2(px, py), ImVec2(x, py), colour, 1.5f);
        draw->AddLine(ImVec2(x, py), ImVec2(x, y_of(it->value)), colour, 1.5f);
      } else {
        draw->AddLine(ImVec2(px, py), ImVec2(x, y_of(it->value)), colour, 1.5f);
      }
    }
    if (cmax > cmin) draw->AddLine(ImVec2(x, y_of(cmin)), ImVec2(x, y_of(cmax)), colour, 1.5f);
    if (!s.counter) draw->AddCircleFilled(ImVec2(x, y), 2, colour);
    px = x, py = y, first = false;
    if (it->time > to) break;
    it = column_end;
  }
  if (s.counter && it == s.points.end()) draw->AddLine(ImVec2(px, py), ImVec2(std::max(px, x_of(end)), py), colour, 1.5f);
}

}  // namespace

void draw_metrics(const ViewContext& ctx, const char* id, const TimelineModel& model, ImVec2 size) {
  ImGui::PushID(id);
  MetricsWidget& w = metrics_widgets()[ImGui::GetID("metrics")];
  const double end_s = std::max(static_cast<double>(model.end) / 1e6, 1e-3);
  if (w.digest != model.digest) {
    w.digest = model.digest;
    w.range.fit(0, end_s);
  }
  const TimelineColours& colours = timeline_colours(ctx.palette);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (size.x <= 0) size.x = avail.x;
  if (size.y <= 0) size.y = avail.y;
  ImGui::BeginChild("charts", size, false);
  if (ctx.fonts.small) ImGui::PushFont(ctx.fonts.small);
  const float fh = ImGui::GetFontSize();
  if (model.metrics.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ctx.palette.text_dim));
    ImGui::TextWrapped("%s", model.digest.empty()
                                 ? "No run yet: press Run. Series your code records with metrics.inc and "
                                   "metrics.observe are charted here over virtual time."
                                 : "This run recorded no metrics. Call metrics.inc(name) or "
                                   "metrics.observe(name, value) in your code to chart them here.");
    ImGui::PopStyleColor();
  }
  const float full = ImGui::GetContentRegionAvail().x;
  const int columns = std::max(1, static_cast<int>((full + kChartGap) / (kChartMinWidth + kChartGap)));
  const float chart_w = (full - kChartGap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < model.metrics.size(); ++i) {
    const MetricSeries& s = model.metrics[i];
    if (i % static_cast<std::size_t>(columns) != 0) ImGui::SameLine(0, kChartGap);
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const ImVec2 b = a + ImVec2(chart_w, kChartHeight);
    ImGui::PushID(static_cast<int>(i));
    ImGui::InvisibleButton("chart", ImVec2(chart_w, kChartHeight));
    ImGui::PopID();
    if (!ImGui::IsRectVisible(a, b)) continue;
    const ImU32 colour = colours.series[i % (sizeof(colours.series) / sizeof(colours.series[0]))];
    const float plot_x0 = a.x + 8, plot_w = chart_w - 16;
    handle_time_gestures(w.range, plot_x0, plot_w, 0, end_s);
    draw->AddRectFilled(a, b, ctx.palette.surface, 6);
    const std::string title = s.name + (s.counter ? "  (count)" : "  (observed)");
    draw->AddText(a + ImVec2(8, 4), ctx.palette.text, title.c_str());
    const std::string last = "last " + format_value(s.points.empty() ? 0 : s.points.back().value);
    const float lw = ImGui::CalcTextSize(last.c_str()).x;
    draw->AddText(ImVec2(b.x - 8 - lw, a.y + 4), colour, last.c_str());
    const ImVec2 pa(plot_x0, a.y + fh + 10), pb(plot_x0 + plot_w, b.y - 6);
    draw->PushClipRect(pa - ImVec2(0, 3), pb + ImVec2(0, 3), true);
    draw_time_grid(draw, w.range, pa.x, plot_w, pa.y, pb.y, colours.grid, ctx.palette.text_dim, false);
    draw_series(draw, s, w.range, pa, pb, colour, model.end);
    draw->PopClipRect();
    const std::string scale = format_value(s.max);
    draw->AddText(ImVec2(pa.x + 2, pa.y - 2), ctx.palette.text_dim, scale.c_str());
    if (ImGui::IsItemHovered()) {
      const double t = w.range.t_of(ImGui::GetIO().MousePos.x, plot_x0, plot_w);
      auto p = std::upper_bound(s.points.begin(), s.points.end(), static_cast<sim::Micros>(t * 1e6),
                                [](sim::Micros x, const MetricPoint& q) { return x < q.time; });
      if (p != s.points.begin()) {
        --p;
        ImGui::SetTooltip("%s = %s at %s", s.name.c_str(), format_value(p->value).c_str(),
                          time_tick_label(static_cast<double>(p->time) / 1e6, 1e-3).c_str());
      }
    }
  }
  if (!model.metrics.empty()) {
    const std::string span = "showing " + time_tick_label(w.range.from_s, 1e-3) + " to " + time_tick_label(w.range.to_s, 1e-3) +
                             " (wheel: zoom, drag: pan, double-click: fit)";
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ctx.palette.text_dim));
    ImGui::TextUnformatted(span.c_str());
    ImGui::PopStyleColor();
  }
  if (ctx.fonts.small) ImGui::PopFont();
  ImGui::EndChild();
  ImGui::PopID();
}

}  // namespace fl::ui

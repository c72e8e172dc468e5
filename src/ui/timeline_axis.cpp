#include "ui/timeline_axis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui_internal.h>

namespace fl::ui {

namespace {
constexpr double kMinSpanS = 1e-6;
}

void TimeRange::fit(double from, double to) {
  if (to <= from) {
    from_s = from - 0.5, to_s = from + 0.5;
    return;
  }
  const double margin = (to - from) * 0.03;
  from_s = from - margin, to_s = to + margin;
}

void TimeRange::zoom(double anchor_s, double factor) {
  const double new_span = std::max(span() * factor, kMinSpanS);
  const double ratio = (anchor_s - from_s) / span();
  from_s = anchor_s - ratio * new_span;
  to_s = from_s + new_span;
}

void TimeRange::clamp(double lo, double hi) {
  const double margin = std::max((hi - lo) * 0.5, 1.0);
  const double max_span = (hi - lo) + 2 * margin;
  if (span() < kMinSpanS) to_s = from_s + kMinSpanS;
  if (span() > max_span) {
    const double mid = (from_s + to_s) / 2;
    from_s = mid - max_span / 2, to_s = mid + max_span / 2;
  }
  if (from_s < lo - margin) pan(lo - margin - from_s);
  if (to_s > hi + margin) pan(hi + margin - to_s);
}

bool handle_time_gestures(TimeRange& range, float x0, float width, double fit_from, double fit_to) {
  const ImGuiIO& io = ImGui::GetIO();
  const TimeRange before = range;
  if (width <= 0) return false;
  if (ImGui::IsItemHovered()) {
    ImGui::SetItemUsingMouseWheel();  // the wheel zooms here; it must not scroll the page too
    const double at = range.t_of(io.MousePos.x, x0, width);
    if (io.MouseWheel != 0 && !io.KeyShift) range.zoom(at, std::pow(0.85, io.MouseWheel));
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) range.fit(fit_from, fit_to);
    if (!io.WantTextInput) {
      const double center = (range.from_s + range.to_s) / 2;
      if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) range.pan(-range.span() * 0.1);
      if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) range.pan(range.span() * 0.1);
      for (ImWchar c : io.InputQueueCharacters) {
        if (c == '+' || c == '=') range.zoom(center, 0.8);
        if (c == '-' || c == '_') range.zoom(center, 1.25);
      }
    }
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f))
    range.pan(-static_cast<double>(io.MouseDelta.x) / width * range.span());
  range.clamp(std::min(fit_from, fit_to), std::max(fit_from, fit_to));
  return range.from_s != before.from_s || range.to_s != before.to_s;
}

double tick_step(double span_s, float width, float min_px) {
  if (width <= 0 || span_s <= 0) return 1;
  const double raw = span_s * min_px / width;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

std::string time_tick_label(double t_s, double step_s) {
  char buf[48];
  const double a = std::fabs(step_s);
  if (a >= 1 || t_s == 0) {
    const int decimals = a >= 1 ? 0 : 1;
    std::snprintf(buf, sizeof buf, "%.*f s", decimals, t_s);
  } else if (a >= 1e-3) {
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(a / 1e-3) - 1e-9)));
    if (std::fabs(t_s) >= 1)
      std::snprintf(buf, sizeof buf, "%.*f s", decimals + 3, t_s);
    else
      std::snprintf(buf, sizeof buf, "%.*f ms", decimals, t_s * 1e3);
  } else {
    const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(a / 1e-6) - 1e-9)));
    std::snprintf(buf, sizeof buf, "%.*f s", decimals + 6, t_s);
  }
  return buf;
}

std::string duration_label(double seconds) {
  char buf[48];
  if (seconds >= 1)
    std::snprintf(buf, sizeof buf, "%.3f s", seconds);
  else if (seconds >= 1e-3)
    std::snprintf(buf, sizeof buf, "%.1f ms", seconds * 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f \xC2\xB5s", seconds * 1e6);
  return buf;
}

void draw_time_grid(ImDrawList* draw, const TimeRange& range, float x0, float width, float top, float bottom,
                    ImU32 grid, ImU32 text, bool labels) {
  const double step = tick_step(range.span(), width, 90);
  const double first = std::ceil(range.from_s / step) * step;
  for (int i = 0;; ++i) {
    const double t = first + i * step;
    if (t > range.to_s || i > 200) break;
    const float x = std::floor(range.x_of(t, x0, width)) + 0.5f;
    draw->AddLine(ImVec2(x, top), ImVec2(x, bottom), grid);
    if (labels) {
      const std::string label = time_tick_label(std::fabs(t) < step * 1e-6 ? 0 : t, step);
      draw->AddText(ImVec2(x + 3, top + 1), text, label.c_str());
    }
  }
}

}  // namespace fl::ui

#pragma once
// The time axis shared by the timeline and the metrics charts: the visible range in virtual
// seconds, the mouse and keyboard gestures that change it (wheel zooms around the cursor, drag
// pans, double-click fits all, arrows pan and +/- zoom while hovered), and nice ticks.
#include <imgui.h>

#include <string>

namespace fl::ui {

struct TimeRange {
  double from_s = 0, to_s = 1;

  double span() const { return to_s - from_s; }
  float x_of(double t_s, float x0, float width) const {
    return x0 + static_cast<float>((t_s - from_s) / span() * width);
  }
  double t_of(float x, float x0, float width) const { return from_s + (x - x0) / width * span(); }
  // Shows [from, to] with a small margin each side (a zero-length range gets a second around it).
  void fit(double from, double to);
  // Zooms by `factor` (< 1: in) keeping the time at `anchor_s` where it is on screen.
  void zoom(double anchor_s, double factor);
  void pan(double seconds) { from_s += seconds, to_s += seconds; }
  // Keeps the range within [lo, hi] plus a margin and no narrower than a microsecond.
  void clamp(double lo, double hi);
};

// Applies the gestures of an item that covers the plot's x range [x0, x0 + width] (call right
// after the item, e.g. an InvisibleButton). `fit_from`/`fit_to`: the double-click range.
// Returns true when the range changed.
bool handle_time_gestures(TimeRange& range, float x0, float width, double fit_from, double fit_to);

// Tick step in seconds (1, 2 or 5 times a power of ten) for ticks about `min_px` apart.
double tick_step(double span_s, float width, float min_px);
// "12.5 s", "750 ms", "12 µs" style label for a tick at `t_s` with spacing `step_s`.
std::string time_tick_label(double t_s, double step_s);
// A duration for tooltips: "1.250 s", "35.0 ms", "120 µs".
std::string duration_label(double seconds);

// Vertical grid lines over [top, bottom] and, when `labels`, labels along the top edge.
void draw_time_grid(ImDrawList* draw, const TimeRange& range, float x0, float width, float top, float bottom,
                    ImU32 grid, ImU32 text, bool labels);

}  // namespace fl::ui

#pragma once
// The lab workspace's Timeline and Metrics tabs: ImGui drawing of a TimelineModel
// (ui/timeline_model.h). Widget state (visible time range, lane scroll, expanded agents, the
// pinned request) lives inside the view, keyed by `id` as ImGui keys its own widgets; the
// caller owns the model. A model rebuilt from the same run as it grows keeps the learner's
// view (zoom, pin, expanded agents; an unzoomed view follows the run); another run's model
// starts over, fitted to the whole run.
//
// Gestures (docs/timeline.md): the wheel zooms around the cursor (Shift+wheel scrolls the
// lanes), drag pans, double-click fits the whole run; Left/Right pan and +/- zoom while the
// pointer is over the plot; hovering a request shows its details, clicking pins them in a
// side box; clicking an agent's name shows or hides its task lanes.
//
// Level of detail (Tracy's approach): only items overlapping the visible range are visited
// (binary search per row) and a run of bars narrower than a few pixels is drawn as one
// counted mark, skipping the run with one more binary search, so a frame costs about
// O(visible pixels x log n) whatever the zoom.
#include <imgui.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/journal_events.h"
#include "ui/timeline_model.h"

namespace fl::ui {

struct ViewContext;

// What to show: a new `generation` highlights `events` (requests or any journal events, e.g.
// a failed check's evidence), fits the time range to them and scrolls their lanes into view.
struct TimelineFocus {
  std::uint64_t generation = 0;
  std::vector<sim::EventId> events;
};

struct TimelineReport {
  std::optional<sim::EventId> hovered, pinned;  // request events
  double view_from_s = 0, view_to_s = 0;
  std::vector<sim::EventId> selected;  // the highlighted focus events
};

TimelineReport draw_timeline(const ViewContext& ctx, const char* id, const TimelineModel& model,
                             const TimelineFocus& focus, ImVec2 size);

// The learner's metrics: one small chart per series (name and last value), counters as steps,
// observations as points joined by lines; same time gestures as the timeline.
void draw_metrics(const ViewContext& ctx, const char* id, const TimelineModel& model, ImVec2 size);

}  // namespace fl::ui

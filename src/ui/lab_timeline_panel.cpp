// The workspace's Timeline and Metrics tabs: the timeline views (ui/timeline_view.h) over the
// shown run's model, which App rebuilds as the shown journal changes or grows. A failed
// check's evidence arrives as the focus; what the timeline selects goes back to the app (the
// test hook reads it).
#include "ui/lab_workspace.h"
#include "ui/timeline_view.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

// Which run the tab shows, when a Submit kept several.
void draw_run_caption(const ViewContext& ctx, const Workspace& ws) {
  const LabSession& s = *ws.session;
  const KeptRun* run = s.phase() == RunPhase::running ? nullptr : s.shown_run();
  std::string text;
  if (s.phase() == RunPhase::running)
    text = "The run so far (it follows as the run goes on)";
  else if (run)
    text = "Seed " + std::to_string(run->seed) + (s.kept_runs().size() > 1 ? " (click a failed check to see its seed)" : "");
  wrapped(ctx.fonts.small, ctx.palette.text_dim, text);
}

}  // namespace

void draw_timeline_panel(const ViewContext& ctx, const Workspace& ws) {
  if (!ws.timeline_source) {
    wrapped(ctx.fonts.body, ctx.palette.text_dim,
            "Run your code to see every request, sleep and state change here, one lane per agent and service.");
    return;
  }
  draw_run_caption(ctx, ws);
  TimelineFocus focus;
  focus.generation = ws.focus_generation;
  focus.events = ws.focus_events;
  const std::string id = "##timeline-" + ws.doc_id;
  TimelineReport report = draw_timeline(ctx, id.c_str(), ws.timeline, focus, ImGui::GetContentRegionAvail());
  if (report.selected != ws.timeline_selection)
    ctx.actions.timeline_selection = std::make_pair(ws.doc_id, std::move(report.selected));
}

void draw_metrics_panel(const ViewContext& ctx, const Workspace& ws) {
  if (!ws.timeline_source) {
    wrapped(ctx.fonts.body, ctx.palette.text_dim,
            "Run your code to chart its metrics.inc and metrics.observe series over virtual time.");
    return;
  }
  draw_run_caption(ctx, ws);
  const std::string id = "##metrics-" + ws.doc_id;
  draw_metrics(ctx, id.c_str(), ws.timeline, ImGui::GetContentRegionAvail());
}

}  // namespace fl::ui

// The workspace's Timeline and Metrics tabs: the timeline engineer's views (ui/timeline_view.h)
// over the shown run's model, which App rebuilds when the shown journal changes.
#include "ui/lab_workspace.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_timeline_panel(const ViewContext& ctx, const Workspace& ws) {
  wrapped(ctx.fonts.body, ctx.palette.text_dim, ws.session->shown_run() ? "" : "Run your code to see its timeline.");
}

void draw_metrics_panel(const ViewContext& ctx, const Workspace& ws) {
  wrapped(ctx.fonts.body, ctx.palette.text_dim, ws.session->shown_run() ? "" : "Run your code to see its metrics.");
}

}  // namespace fl::ui

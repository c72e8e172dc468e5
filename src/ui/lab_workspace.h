#pragma once
// The lab workspace's views (one file per panel), shared by #/lab/N and #/playground:
//   lab_workspace_view.cpp      the page: toolbar, brief | editor, tabs, splits
//   lab_checks_view.cpp         Checks: each check, its evidence on the timeline, hints
//   lab_console_view.cpp        Console: log and print lines, the run's error
//   lab_timeline_panel.cpp      Timeline and Metrics: the timeline engineer's views over the shown run
//   lab_local_grading_view.cpp  "Grade on your own machine": commands and downloads
#include <imgui.h>

#include "ui/views.h"

namespace fl::ui {

// The route shows a lab workspace (a lab that is written and loaded, or the playground).
bool is_workspace_page(const AppState& state);
// The whole page of the workspace on the route (fills the content pane; no page scroll).
void draw_workspace_page(const ViewContext& ctx);

void draw_editor_pane(const ViewContext& ctx, const Workspace& ws, ImVec2 size);
void draw_checks_panel(const ViewContext& ctx, const Workspace& ws);
void draw_console_panel(const ViewContext& ctx, const Workspace& ws);
void draw_timeline_panel(const ViewContext& ctx, const Workspace& ws);
void draw_metrics_panel(const ViewContext& ctx, const Workspace& ws);
void draw_local_grading(const ViewContext& ctx, const Workspace& ws, const LabFiles* files);

}  // namespace fl::ui

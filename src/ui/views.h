#pragma once
// One function per view (one file each). Views are functions of the app state: they read
// ViewContext::state, draw, and record requests in ViewContext::actions; they keep no copy of
// the state.
#include "ui/app.h"

namespace fl::ui {

struct ViewContext {
  const AppState& state;
  Actions& actions;
  const Palette& palette;
  const Fonts& fonts;
};

void draw_shell(const ViewContext& ctx);    // top bar + navigation bar + content pane
void draw_top_bar(const ViewContext& ctx);  // (in shell_view.cpp)
void draw_nav_bar(const ViewContext& ctx);
// "This course is open in another tab", with "Use here", while this tab reads only.
void draw_writer_banner(const ViewContext& ctx);

// An outline item: header (kind, number, title, status), then the kind's own view, then
// previous/next links. The per-kind views are the hooks later features fill in.
void draw_item_view(const ViewContext& ctx, const course::OutlineItem& item);
void draw_lesson_view(const ViewContext& ctx, const course::OutlineItem& item);
void draw_quiz_view(const ViewContext& ctx, const course::OutlineItem& item);
void draw_lab_view(const ViewContext& ctx, const course::OutlineItem& item);
void draw_test_view(const ViewContext& ctx, const course::OutlineItem& item);

void draw_progress_view(const ViewContext& ctx);
void draw_settings_view(const ViewContext& ctx);
void draw_about_view(const ViewContext& ctx);
void draw_playground_view(const ViewContext& ctx);

}  // namespace fl::ui

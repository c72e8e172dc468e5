// The lesson reader: the lesson's Markdown block model drawn by markdown_view. Visiting the
// page marks the lesson visited (App::persist_route); the content pane keeps one scroll
// position per route, so going back returns to the same place.
#include "ui/markdown_view.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_lesson_view(const ViewContext& ctx, const course::OutlineItem& item) {
  auto it = ctx.state.lessons.find(item.id);
  if (it == ctx.state.lessons.end()) {
    callout(ctx, "This lesson could not be loaded",
            ctx.state.content_error.empty() ? "content/" + item.file + " is missing from this build."
                                            : ctx.state.content_error,
            ctx.palette.danger);
    return;
  }
  ImGui::Dummy(ImVec2(0, 6));
  draw_markdown(ctx, it->second, "lesson:" + item.id);
}

}  // namespace fl::ui

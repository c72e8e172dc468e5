// The lesson reader: the lesson's Markdown block model drawn by markdown_view, with its
// outline of headings (lesson_outline.cpp). Opening the page marks the lesson visited
// (App::persist_route); its end coming into view marks it read. The view reports where the
// learner is each frame; the app stores it once it rests, and the first opening of a lesson
// in a session scrolls back there. The content pane keeps one scroll position per route, so
// going back returns to the same place.
#include <imgui_internal.h>

#include "ui/lesson_outline.h"
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
  const course::Document& doc = it->second;
  // Headings depend only on the document, whose address is stable: computed once.
  static std::map<const course::Document*, std::vector<OutlineHeading>> outlines;
  auto outline = outlines.find(&doc);
  if (outline == outlines.end()) outline = outlines.emplace(&doc, lesson_headings(doc)).first;
  const std::vector<OutlineHeading>& headings = outline->second;

  ImGui::Dummy(ImVec2(0, 6));
  const bool sidebar = outline_sidebar_width() > 0;
  if (!sidebar) draw_outline_block(ctx, item.id, headings);

  static std::vector<float> heading_y;
  MarkdownOptions options;
  options.heading_y = &heading_y;
  if (ctx.state.jump_to_heading && ctx.state.jump_to_heading->first == item.id)
    options.scroll_to_heading = ctx.state.jump_to_heading->second;
  draw_markdown(ctx, doc, "lesson:" + item.id, options);
  ImGui::Dummy(ImVec2(1, 1));  // the lesson's end: "read" once this is on screen
  const bool end_visible = ImGui::IsItemVisible();
  if (sidebar) draw_outline_sidebar(ctx, item.id, headings, heading_y);

  ReadingReport report;
  report.lesson_id = item.id;
  const float max = ImGui::GetScrollMaxY();
  report.fraction = max > 0 ? ImGui::GetScrollY() / max : 0;
  report.end_visible = end_visible;
  const auto& restore = ctx.state.restore_reading;
  if (restore && restore->first == item.id && ImGui::GetCurrentWindow()->ContentSize.y > 0) {
    // The page's height is known from the last frame: scroll to where the learner stopped.
    ImGui::SetScrollY(restore->second * max);
    report.restored = true;
  }
  ctx.actions.reading = report;
}

}  // namespace fl::ui

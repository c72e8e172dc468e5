#pragma once
// Draws a Markdown block model (course/markdown.h) with ImGui: headings in sizes, wrapped
// rich paragraphs, code blocks with Copy, bullet and numbered lists, quotes, callouts, tables
// and rules. Used for lessons and lab briefs.
#include <string_view>
#include <vector>

#include "course/markdown.h"
#include "ui/views.h"

namespace fl::ui {

struct MarkdownOptions {
  bool skip_title = true;  // the page already shows the title: drop a leading level-1 heading
  // Headings are numbered in drawing order (course::Document order, nested blocks included,
  // a skipped title excluded), as lesson_headings() lists them.
  std::vector<float>* heading_y = nullptr;  // out: each heading's top in the window's content
  int scroll_to_heading = -1;               // scroll the window so this heading is at the top
};

// `id` prefixes the ids of everything drawn (unique per page).
void draw_markdown(const ViewContext& ctx, const course::Document& doc, std::string_view id,
                   const MarkdownOptions& options = {});

}  // namespace fl::ui

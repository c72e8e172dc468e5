#pragma once
// A lesson's outline ("On this page"): its section headings, to jump to. Beside the text when
// the window has room for it (it stays in view and marks the section being read), else at the
// top of the lesson.
#include <string>
#include <vector>

#include "course/markdown.h"
#include "ui/views.h"

namespace fl::ui {

struct OutlineHeading {
  int index = 0;  // in drawing order (MarkdownOptions::heading_y, scroll_to_heading)
  int level = 2;
  std::string text;
};

// Every heading below the title, in drawing order; the outline shows levels 2 and 3.
std::vector<OutlineHeading> lesson_headings(const course::Document& doc, bool skip_title = true);

// Width the outline needs beside the text column; 0 when the window is too narrow for it.
float outline_sidebar_width();

// The outline beside the text column (call inside the lesson's column, after the text), fixed
// at the top of the visible area. `heading_y` is what draw_markdown reported this frame.
void draw_outline_sidebar(const ViewContext& ctx, const std::string& lesson_id,
                          const std::vector<OutlineHeading>& headings, const std::vector<float>& heading_y);
// The outline as a block at the top of the lesson (narrow windows).
void draw_outline_block(const ViewContext& ctx, const std::string& lesson_id,
                        const std::vector<OutlineHeading>& headings);

}  // namespace fl::ui

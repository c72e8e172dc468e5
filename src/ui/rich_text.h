#pragma once
// Rich inline text for ImGui 1.86, which draws one font per call: a paragraph's spans
// (emphasis, strong, code, links) laid out word by word by text_flow.h, then drawn piece by
// piece in the span's font and colour. Code spans sit on a tinted background; links are
// clickable (they ask the platform to open them) and show their URL on hover.
#include <imgui.h>

#include <string>
#include <string_view>

#include "course/markdown.h"
#include "ui/views.h"

namespace fl::ui {

// Where each line sits in the wrap width (table cells aligned with `---:` or `:---:`).
enum class TextAlign { left, centre, right };

struct TextStyle {
  ImFont* font = nullptr;  // regular runs; bold/italic/code runs use ctx.fonts
  ImU32 color = 0;
  float line_height = 1.6f;  // line spacing in ems of `font` (CSS line-height)
  bool all_bold = false;     // headings: every run in `font`, strong or not
  TextAlign align = TextAlign::left;
};

// Draws `spans` from the cursor, wrapped at the current text wrap position (or the work rect's
// right edge), as one item. Records it for the browser test hook as {plain text, id}.
void rich_text(const ViewContext& ctx, const course::Inlines& spans, const TextStyle& style, std::string_view id);

// Inline Markdown (quiz prompts, options, feedback) parsed once and kept: the result's address
// is stable, which the layout cache relies on.
const course::Inlines& inline_markdown(const std::string& text);
// Plain text as one run (bold when `strong`), kept the same way.
const course::Inlines& plain_inlines(const std::string& text, bool strong);

}  // namespace fl::ui

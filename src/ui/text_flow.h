#pragma once
// Word wrapping for rich inline text (runs of different fonts), as ImGui 1.86 has no rich
// text: the lesson reader lays out a paragraph's spans word by word, then draws each piece
// with its own font and colour. Pure layout: widths come from a caller-supplied measure, so
// the rules are unit-tested without ImGui.
//
// Rules: a line breaks only at whitespace inside a span or at a hard line break; pieces of
// adjacent spans with no space between them ("**bold**,") stay on one line; a word wider
// than the whole line is split between characters (never clipped); whitespace at the start
// of a line is dropped.
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "course/markdown.h"

namespace fl::ui {

struct FlowPiece {
  std::size_t span = 0;              // index into the Inlines
  std::size_t begin = 0, end = 0;    // byte range of the span's text, without trailing spaces
  float x = 0, width = 0;            // offset from the line start, width of [begin, end)
  float space_after = 0;             // width of the spaces that follow on this line (0 at line end)
};

struct FlowLine {
  std::vector<FlowPiece> pieces;
  float width = 0;
};

// Width of `text` drawn in the style of `span`.
using MeasureFn = std::function<float(const course::Span& span, std::string_view text)>;

std::vector<FlowLine> flow_inlines(const course::Inlines& spans, float max_width, const MeasureFn& measure);

}  // namespace fl::ui

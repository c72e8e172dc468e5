#include "course/lesson_rules.h"

#include <cctype>

#include "base/utf8.h"

namespace fl::course {

namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

void check_spans(const Inlines& spans, int line, const std::string& file, Diagnostics& diags) {
  for (const Span& s : spans)
    if (s.is_link() && !is_allowed_link(s.href)) {
      std::string shown = utf8_clip(s.href, 80);
      diags.error(file, "line " + std::to_string(line),
                  "link to \"" + shown + "\" is not allowed (use http://, https://, mailto: or a course route like #/lesson/2)");
    }
}

void walk_lesson_blocks(const std::vector<Block>& blocks, const std::string& file, Diagnostics& diags, int& titles, int depth) {
  for (const Block& b : blocks) {
    if (b.kind == BlockKind::heading && b.level == 1 && depth == 0) {
      if (++titles == 2)
        diags.error(file, "line " + std::to_string(b.line),
                    "a second `#` title: a lesson has exactly one (use `##` for its sections)");
    }
    check_spans(b.spans, b.line, file, diags);
    for (const auto& cell : b.header) check_spans(cell, b.line, file, diags);
    for (const auto& row : b.rows)
      for (const auto& cell : row) check_spans(cell, b.line, file, diags);
    walk_lesson_blocks(b.children, file, diags, titles, depth + 1);
  }
}

}  // namespace

bool is_allowed_link(std::string_view href) {
  return starts_with_nocase(href, "https://") || starts_with_nocase(href, "http://") ||
         starts_with_nocase(href, "mailto:") || href.rfind("#/", 0) == 0;
}

void check_lesson_rules(std::string_view text, const Document& doc, const std::string& file, Diagnostics& diags) {
  int line = 1;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      diags.error(file, "line " + std::to_string(line), "invalid UTF-8: lessons are UTF-8 text");
      break;  // one report: the rest of a binary file would only repeat it
    }
    if (ends_line(text, i)) ++line;
    i += n;
  }
  bool blank = true;
  for (char c : text) blank = blank && std::isspace(static_cast<unsigned char>(c));
  if (blank) {
    diags.error(file, "line 1", "the lesson is empty");
    return;
  }
  int titles = 0;
  walk_lesson_blocks(doc.blocks, file, diags, titles, 0);
  if (titles == 0) diags.error(file, "line 1", "a lesson needs one `# Title` heading (its title)");
}

}  // namespace fl::course

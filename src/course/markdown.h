#pragma once
// Lesson Markdown -> a block model the UI draws directly. Parsing is md4c's (CommonMark plus
// GitHub tables); this file only builds the model and reports what the reader cannot show.
//
// Supported (docs/content-format.md): headings, paragraphs, emphasis, strong, code spans,
// links, hard line breaks, fenced and indented code blocks (with a language), bullet and
// ordered lists (nested), block quotes, callouts (a block quote whose first paragraph starts
// with bold text: that text is the callout's title), tables (alignment), thematic breaks,
// character entities. Unsupported, reported as errors with their line: raw HTML (blocks and
// inline), images, strikethrough. The model still holds something readable for them (inline
// HTML and image descriptions as plain text; HTML blocks are dropped).
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"

namespace fl::course {

// A run of inline text with one style. Adjacent runs always differ in style or link.
struct Span {
  std::string text;
  bool emphasis = false;
  bool strong = false;
  bool code = false;
  bool line_break = false;  // a hard line break; `text` is empty
  std::string href;         // non-empty: this run is (part of) a link

  bool is_link() const { return !href.empty(); }
  friend bool operator==(const Span&, const Span&) = default;
};

using Inlines = std::vector<Span>;

enum class BlockKind {
  heading,       // level, spans
  paragraph,     // spans
  code,          // language, code
  bullet_list,   // children: list_item
  ordered_list,  // start, children: list_item
  list_item,     // children: blocks (a tight item's text is a paragraph too)
  quote,         // children
  callout,       // title, children (the first paragraph without its bold title)
  table,         // align, header, rows
  rule,          // thematic break
};

enum class Align { none, left, center, right };

struct Block {
  BlockKind kind = BlockKind::paragraph;
  int line = 0;  // 1-based line where the block's content starts in the source; 0 if unknown

  int level = 0;            // heading: 1..6
  Inlines spans;            // heading, paragraph
  std::string language;     // code: the fence's first word ("lua"), may be empty
  std::string code;         // code: the text, every line ending in '\n'
  int code_line = 0;        // code: source line of the first line of `code` (0 if empty)
  unsigned start = 1;       // ordered_list: number of the first item
  bool tight = true;        // lists: written without blank lines between items
  std::string title;        // callout: the bold text, as plain text
  std::vector<Block> children;  // lists, list items, quotes, callouts

  std::vector<Align> align;            // table: one per column
  std::vector<Inlines> header;         // table: header cells
  std::vector<std::vector<Inlines>> rows;  // table: body rows of cells
};

struct Document {
  std::vector<Block> blocks;

  // The text of the first level-1 heading, or "".
  std::string title() const;
};

// Plain text of inline runs (styles dropped, line breaks as '\n').
std::string plain_text(const Inlines& spans);

// True when text[i] ends a line as CommonMark defines it: a line feed, or a carriage return not
// followed by one. Every line number the course reports counts lines this way, so a lesson with
// old Mac (CR) or Windows (CRLF) line endings is numbered as Markdown and editors see it.
inline bool ends_line(std::string_view text, std::size_t i) {
  return text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
}

// Parses `text`; unsupported constructs and parser failures go to diags as errors naming
// `file` and "line N". The returned document is always usable for display.
Document parse_markdown(std::string_view text, const std::string& file, Diagnostics& diags);

// Inline Markdown as quiz prompts, options, feedback and explanations use it (code spans,
// emphasis, links): the spans of all paragraphs, joined by hard line breaks. No diagnostics.
Inlines parse_inline_markdown(std::string_view text);

// Nesting deeper than this (block quotes in lists in block quotes ...) is reported and
// flattened, which bounds the model's depth for any input.
inline constexpr int kMaxMarkdownDepth = 16;

}  // namespace fl::course

// Any bytes as a lesson: a document and diagnostics, never a crash; every line number points
// into the input; nesting stays bounded; Lua blocks compile or report an error.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "course/course_check.h"
#include "course/markdown.h"

namespace {

int g_lines = 0;

void walk(const std::vector<fl::course::Block>& blocks, int depth) {
  if (depth > fl::course::kMaxMarkdownDepth + 1) __builtin_trap();
  for (const auto& b : blocks) {
    if (b.line < 0 || b.line > g_lines || b.code_line < 0 || b.code_line > g_lines) __builtin_trap();
    if (b.kind == fl::course::BlockKind::table && b.header.size() != b.align.size()) __builtin_trap();
    walk(b.children, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  g_lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i) g_lines += fl::course::ends_line(text, i) ? 1 : 0;
  fl::Diagnostics diags;
  auto doc = fl::course::parse_markdown(text, "lesson.md", diags);
  walk(doc.blocks, 0);
  fl::course::check_lua_blocks(doc, "lesson.md", diags);
  for (const auto& d : diags.items())
    if (d.location.rfind("line ", 0) == 0 && std::stoi(d.location.substr(5)) > g_lines + 1) __builtin_trap();
  fl::course::parse_inline_markdown(text);
  return 0;
}

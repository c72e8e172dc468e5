#include "course/course_check.h"

#include <algorithm>
#include <cctype>

extern "C" {
#include <lauxlib.h>
#include <lua.h>
}

#include "course/course.h"
#include "course/quiz_lint.h"

namespace fl::course {

namespace {

constexpr const char* kChunk = "lua block";  // chunk name, so messages read "lua block:N: ..."

// Lua numbers lines within the block; authors need lines of the .md file. Rewrites the leading
// "lua block:N:" and Lua's "at line N" (e.g. "'end' expected (to close 'if' at line 3)").
Diagnostic lua_diagnostic(const std::string& message, int first_line, int line_count, const std::string& file) {
  // Line N of the block is line first_line + N - 1 of the file; N runs to one past the block's
  // last line break (<eof>: the closing fence). Clamped, so a place never lies past the block.
  auto to_md = [first_line, line_count](int n) { return first_line + std::clamp(n, 1, line_count + 1) - 1; };
  std::string text = message;
  int line = 0;
  std::string prefix = std::string(kChunk) + ":";
  if (text.rfind(prefix, 0) == 0) {
    std::size_t i = prefix.size(), n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && n < 9) {
      line = line * 10 + (text[i] - '0');
      ++i;
      ++n;
    }
    if (n > 0 && i < text.size() && text[i] == ':') {
      text = text.substr(i + 1);
      if (!text.empty() && text[0] == ' ') text.erase(0, 1);
    } else {
      line = 0;
    }
  }
  // Only Lua's own "(to close 'if' at line N)": the same words inside echoed source ("near
  // '\"at line 9\"'") are the author's text, not a line number.
  const std::string at = "' at line ";
  for (std::size_t pos = text.find(at); pos != std::string::npos; pos = text.find(at, pos + 1)) {
    if (text.rfind("(to close '", pos) == std::string::npos) continue;
    const std::size_t digits = pos + at.size();
    std::size_t i = digits, n = 0;
    int k = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && n < 9) {
      k = k * 10 + (text[i] - '0');
      ++i;
      ++n;
    }
    if (n == 0) continue;
    text.replace(digits, n, std::to_string(to_md(k)));
  }
  std::string location = "line " + std::to_string(line > 0 ? to_md(line) : first_line);
  return {Severity::error, file, location, "Lua syntax error: " + text};
}

// Line breaks as Lua's lexer counts them: "\n", "\r", "\r\n" and "\n\r" are one each.
int lua_line_breaks(const std::string& code) {
  int n = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (code[i] != '\n' && code[i] != '\r') continue;
    ++n;
    if (i + 1 < code.size() && (code[i + 1] == '\n' || code[i + 1] == '\r') && code[i + 1] != code[i]) ++i;
  }
  return n;
}

bool is_lua(const std::string& language) {
  if (language.size() != 3) return false;
  std::string lower;
  for (char c : language) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "lua";
}

void check_blocks(const std::vector<Block>& blocks, lua_State* L, const std::string& file, Diagnostics& diags) {
  for (const Block& b : blocks) {
    if (b.kind == BlockKind::code && is_lua(b.language) && !b.code.empty()) {
      int rc = luaL_loadbufferx(L, b.code.data(), b.code.size(), (std::string("=") + kChunk).c_str(), "t");
      if (rc != LUA_OK) {
        const char* msg = lua_tostring(L, -1);
        int lines = lua_line_breaks(b.code);
        diags.add(lua_diagnostic(msg ? msg : "unknown error", b.code_line, lines, file));
      }
      lua_settop(L, 0);
    }
    check_blocks(b.children, L, file, diags);
  }
}

}  // namespace

void check_lua_blocks(const Document& lesson, const std::string& file, Diagnostics& diags) {
  lua_State* L = luaL_newstate();
  if (!L) {
    diags.error(file, "", "cannot create a Lua state to compile the lesson's code");
    return;
  }
  check_blocks(lesson.blocks, L, file, diags);
  lua_close(L);
}

std::optional<Course> check_course(const std::string& root, Diagnostics& diags) {
  auto course = load_course(root, diags);
  if (!course) return course;
  for (const auto& item : course->outline.items) {
    if (item.kind != ItemKind::lesson) continue;
    if (const Document* doc = course->lesson(item.id)) check_lua_blocks(*doc, "content/" + item.file, diags);
  }
  lint_option_lengths(*course, diags);
  return course;
}

}  // namespace fl::course

#pragma once
// Syntax colouring for code: Lua, shell, JSON and HTTP. One tokenizer for every place that
// shows code (lesson code blocks, lab briefs and starter code, the lab editor later). Pure and
// core-free (no ImGui, no course model): unit-tested in tests/unit/ui/highlight_test.cpp.
//
// The tokens cover the input exactly: in order, without gaps or overlaps, so a drawer can
// paint every byte from them. A token may span lines (a Lua long comment); drawers cut it.
#include <cstddef>
#include <string_view>
#include <vector>

namespace fl::ui {

enum class Syntax { plain, lua, shell, json, http };

// The Markdown fence's info string ("lua", "sh", "bash", "json", "http", ...) to a syntax;
// anything else (including "text") is plain.
Syntax syntax_for(std::string_view language);

enum class TokenKind {
  text,      // identifiers, operators, spaces, an HTTP reason phrase
  keyword,   // Lua keywords, a shell command word, an HTTP method
  constant,  // true / false / nil / null
  builtin,   // Lua standard library names, shell options (-x, --flag), HTTP version
  string,    // string literals, an HTTP header value
  number,    // numbers, an HTTP status code
  comment,   // comments, a shell prompt "$ "
  name,      // a JSON object key, an HTTP header name, a shell variable ($HOME, ${X})
};

struct Token {
  std::size_t begin = 0, end = 0;  // byte range in the input
  TokenKind kind = TokenKind::text;
};

std::vector<Token> highlight(std::string_view code, Syntax syntax);

}  // namespace fl::ui

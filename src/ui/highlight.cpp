#include "ui/highlight.h"

#include <array>
#include <cctype>
#include <string>

namespace fl::ui {

namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Appends tokens, merging neighbours of the same kind (fewer draw calls, simpler tests).
class TokenList {
 public:
  explicit TokenList(std::size_t base = 0) : base_(base) {}
  void add(std::size_t begin, std::size_t end, TokenKind kind) {
    begin += base_;
    end += base_;
    if (begin == end) return;
    if (!out.empty() && out.back().kind == kind && out.back().end == begin) {
      out.back().end = end;
      return;
    }
    out.push_back({begin, end, kind});
  }
  std::vector<Token> out;

 private:
  std::size_t base_;
};

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& list) {
  for (std::string_view w : list)
    if (w == word) return true;
  return false;
}

// A quoted string from s[i] (the quote) to its closing quote, honouring backslash escapes when
// `escapes`; an unterminated string ends at the line's end.
std::size_t quoted_end(std::string_view s, std::size_t i, bool escapes) {
  const char quote = s[i++];
  while (i < s.size() && s[i] != '\n') {
    if (escapes && s[i] == '\\' && i + 1 < s.size()) {
      i += 2;
      continue;
    }
    if (s[i++] == quote) return i;
  }
  return i;
}

// A number from s[i]: decimal or hex, with fraction and exponent (Lua and JSON alike).
std::size_t number_end(std::string_view s, std::size_t i) {
  if (s[i] == '-') ++i;
  if (i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    i += 2;
    while (i < s.size() && (std::isxdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    return i;
  }
  while (i < s.size() && (is_digit(s[i]) || s[i] == '.')) ++i;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && is_digit(s[j])) {
      i = j;
      while (i < s.size() && is_digit(s[i])) ++i;
    }
  }
  return i;
}

// ---- Lua ----------------------------------------------------------------------------------

constexpr std::array<std::string_view, 19> kLuaKeywords = {
    "and", "break", "do",  "else", "elseif", "end",    "for",  "function", "goto", "if",
    "in",  "local", "not", "or",   "repeat", "return", "then", "until",    "while"};
constexpr std::array<std::string_view, 3> kLuaConstants = {"true", "false", "nil"};
constexpr std::array<std::string_view, 25> kLuaBuiltins = {
    "assert", "error",  "ipairs",  "next",   "pairs",        "pcall",        "print",    "rawequal", "rawget",
    "rawlen", "rawset", "require", "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type",
    "xpcall", "string", "table",   "math",   "utf8",         "os",           "coroutine"};

// The level of a Lua long bracket at s[i] ("[[" = 0, "[==[" = 2), or -1 if none starts there.
int long_bracket_level(std::string_view s, std::size_t i) {
  if (i >= s.size() || s[i] != '[') return -1;
  std::size_t j = i + 1;
  int level = 0;
  while (j < s.size() && s[j] == '=') ++j, ++level;
  return j < s.size() && s[j] == '[' ? level : -1;
}

std::size_t long_bracket_end(std::string_view s, std::size_t i, int level) {
  const std::string close = "]" + std::string(static_cast<std::size_t>(level), '=') + "]";
  const std::size_t at = s.find(close, i + static_cast<std::size_t>(level) + 2);
  return at == std::string_view::npos ? s.size() : at + close.size();
}

void lua_tokens(std::string_view s, TokenList& t) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      const int level = long_bracket_level(s, i + 2);
      const std::size_t nl = s.find('\n', i);
      const std::size_t end =
          level >= 0 ? long_bracket_end(s, i + 2, level) : (nl == std::string_view::npos ? s.size() : nl);
      t.add(i, end, TokenKind::comment);
      i = end;
    } else if (c == '"' || c == '\'') {
      const std::size_t end = quoted_end(s, i, true);
      t.add(i, end, TokenKind::string);
      i = end;
    } else if (const int level = long_bracket_level(s, i); level >= 0) {
      const std::size_t end = long_bracket_end(s, i, level);
      t.add(i, end, TokenKind::string);
      i = end;
    } else if (is_digit(c) || (c == '.' && i + 1 < s.size() && is_digit(s[i + 1]))) {
      const std::size_t end = number_end(s, i);
      t.add(i, end, TokenKind::number);
      i = end;
    } else if (is_ident_start(c)) {
      std::size_t end = i;
      while (end < s.size() && is_ident(s[end])) ++end;
      const std::string_view word = s.substr(i, end - i);
      // A field or method name (t.string, s:len) is not the library of the same name.
      const bool member = i > 0 && (s[i - 1] == '.' || s[i - 1] == ':') && !(i > 1 && s[i - 2] == '.');
      TokenKind kind = TokenKind::text;
      if (is_one_of(word, kLuaKeywords))
        kind = TokenKind::keyword;
      else if (is_one_of(word, kLuaConstants))
        kind = TokenKind::constant;
      else if (!member && is_one_of(word, kLuaBuiltins))
        kind = TokenKind::builtin;
      t.add(i, end, kind);
      i = end;
    } else {
      t.add(i, i + 1, TokenKind::text);
      ++i;
    }
  }
}

// ---- shell --------------------------------------------------------------------------------------

void shell_tokens(std::string_view s, TokenList& t) {
  std::size_t i = 0;
  bool command_next = true;  // the next word is a command (line start, after | && ; or $ prompt)
  bool line_start = true;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '\n') {
      t.add(i, i + 1, TokenKind::text);
      ++i;
      command_next = line_start = true;
      continue;
    }
    if (line_start && c == '$' && i + 1 < s.size() && s[i + 1] == ' ') {  // a prompt
      t.add(i, i + 2, TokenKind::comment);
      i += 2;
      line_start = false;
      continue;
    }
    line_start = false;
    if (c == '#' && (i == 0 || is_space(s[i - 1]))) {
      const std::size_t nl = s.find('\n', i);
      const std::size_t end = nl == std::string_view::npos ? s.size() : nl;
      t.add(i, end, TokenKind::comment);
      i = end;
    } else if (c == '"' || c == '\'') {
      const std::size_t end = quoted_end(s, i, c == '"');
      t.add(i, end, TokenKind::string);
      i = end;
      command_next = false;
    } else if (c == '$' && i + 1 < s.size() && (s[i + 1] == '{' || is_ident_start(s[i + 1]))) {
      std::size_t end = i + 1;
      if (s[end] == '{') {
        const std::size_t close = s.find('}', end);
        end = close == std::string_view::npos ? s.size() : close + 1;
      } else {
        while (end < s.size() && is_ident(s[end])) ++end;
      }
      t.add(i, end, TokenKind::name);
      i = end;
    } else if (c == '|' || c == ';' || c == '&' || c == '(') {
      t.add(i, i + 1, TokenKind::text);
      ++i;
      command_next = true;
    } else if (is_space(c) || c == '\\') {
      t.add(i, i + 1, TokenKind::text);
      ++i;
    } else {
      std::size_t end = i;
      while (end < s.size() && !is_space(s[end]) && s[end] != '|' && s[end] != ';' && s[end] != '"' && s[end] != '\'' &&
             s[end] != '$')
        ++end;
      TokenKind kind = TokenKind::text;
      if (command_next && s.substr(i, end - i).find('=') == std::string_view::npos)
        kind = TokenKind::keyword;
      else if (c == '-' && !command_next)
        kind = TokenKind::builtin;
      t.add(i, end, kind);
      if (kind == TokenKind::keyword) command_next = false;
      i = end;
    }
  }
}

// ---- JSON ---------------------------------------------------------------------------------

void json_tokens(std::string_view s, TokenList& t) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '"') {
      const std::size_t end = quoted_end(s, i, true);
      std::size_t after = end;
      while (after < s.size() && is_space(s[after])) ++after;
      t.add(i, end, after < s.size() && s[after] == ':' ? TokenKind::name : TokenKind::string);
      i = end;
    } else if (is_digit(c) || (c == '-' && i + 1 < s.size() && is_digit(s[i + 1]))) {
      const std::size_t end = number_end(s, i);
      t.add(i, end, TokenKind::number);
      i = end;
    } else if (is_ident_start(c)) {
      std::size_t end = i;
      while (end < s.size() && is_ident(s[end])) ++end;
      const std::string_view word = s.substr(i, end - i);
      t.add(i, end, word == "true" || word == "false" || word == "null" ? TokenKind::constant : TokenKind::text);
      i = end;
    } else {
      t.add(i, i + 1, TokenKind::text);
      ++i;
    }
  }
}

// ---- HTTP ---------------------------------------------------------------------------------

constexpr std::array<std::string_view, 9> kMethods = {"GET",  "POST",    "PUT",     "PATCH", "DELETE",
                                                      "HEAD", "OPTIONS", "CONNECT", "TRACE"};

// One line of a request or response head (without its newline).
void http_head_line(std::string_view line, std::size_t at, TokenList& t) {
  const std::size_t sp = line.find(' ');
  const std::string_view first = line.substr(0, sp);
  if (first.rfind("HTTP/", 0) == 0) {  // status line: HTTP/1.1 429 Too Many Requests
    t.add(at, at + first.size(), TokenKind::builtin);
    if (sp == std::string_view::npos) return;
    std::size_t code_end = sp + 1;
    while (code_end < line.size() && is_digit(line[code_end])) ++code_end;
    t.add(at + sp, at + sp + 1, TokenKind::text);
    t.add(at + sp + 1, at + code_end, TokenKind::number);
    t.add(at + code_end, at + line.size(), TokenKind::text);
    return;
  }
  if (is_one_of(first, kMethods) && sp != std::string_view::npos) {  // GET /path HTTP/1.1
    t.add(at, at + sp, TokenKind::keyword);
    const std::size_t version = line.rfind(" HTTP/");
    if (version != std::string_view::npos && version > sp) {
      t.add(at + sp, at + version + 1, TokenKind::text);
      t.add(at + version + 1, at + line.size(), TokenKind::builtin);
    } else {
      t.add(at + sp, at + line.size(), TokenKind::text);
    }
    return;
  }
  const std::size_t colon = line.find(':');
  bool header = colon != std::string_view::npos && colon > 0;
  for (std::size_t k = 0; header && k < colon; ++k) header = is_ident(line[k]) || line[k] == '-';
  if (!header) {
    t.add(at, at + line.size(), TokenKind::text);
    return;
  }
  t.add(at, at + colon, TokenKind::name);
  t.add(at + colon, at + colon + 1, TokenKind::text);
  std::size_t value = colon + 1;
  while (value < line.size() && line[value] == ' ') ++value;
  t.add(at + colon + 1, at + value, TokenKind::text);
  t.add(at + value, at + line.size(), TokenKind::string);
}

void http_tokens(std::string_view s, TokenList& t) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t nl = s.find('\n', i);
    if (nl == std::string_view::npos) nl = s.size();
    std::string_view line = s.substr(i, nl - i);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {  // the blank line: the rest is the body (JSON when it looks like it)
      const std::size_t body = nl < s.size() ? nl + 1 : nl;
      t.add(i, body, TokenKind::text);
      std::size_t first = body;
      while (first < s.size() && is_space(s[first])) ++first;
      TokenList body_tokens(body);
      if (first < s.size() && (s[first] == '{' || s[first] == '['))
        json_tokens(s.substr(body), body_tokens);
      else
        body_tokens.add(0, s.size() - body, TokenKind::text);
      for (const Token& tok : body_tokens.out) t.add(tok.begin, tok.end, tok.kind);
      return;
    }
    http_head_line(line, i, t);
    t.add(i + line.size(), nl < s.size() ? nl + 1 : nl, TokenKind::text);
    i = nl < s.size() ? nl + 1 : nl;
  }
}

}  // namespace

Syntax syntax_for(std::string_view language) {
  std::string lower;
  for (char c : language) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "lua") return Syntax::lua;
  if (lower == "sh" || lower == "bash" || lower == "shell" || lower == "console" || lower == "zsh")
    return Syntax::shell;
  if (lower == "json" || lower == "jsonc") return Syntax::json;
  if (lower == "http") return Syntax::http;
  return Syntax::plain;
}

std::vector<Token> highlight(std::string_view code, Syntax syntax) {
  TokenList t;
  switch (syntax) {
    case Syntax::plain: t.add(0, code.size(), TokenKind::text); break;
    case Syntax::lua: lua_tokens(code, t); break;
    case Syntax::shell: shell_tokens(code, t); break;
    case Syntax::json: json_tokens(code, t); break;
    case Syntax::http: http_tokens(code, t); break;
  }
  return std::move(t.out);
}

}  // namespace fl::ui

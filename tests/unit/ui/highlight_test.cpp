#include "ui/highlight.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using fl::ui::highlight;
using fl::ui::Syntax;
using fl::ui::syntax_for;
using fl::ui::Token;
using fl::ui::TokenKind;

namespace {

// The tokens must cover the text exactly, in order (neighbours of one kind are merged).
std::vector<Token> checked(std::string_view code, Syntax syntax) {
  std::vector<Token> toks = highlight(code, syntax);
  std::size_t at = 0;
  for (const Token& t : toks) {
    REQUIRE(t.begin == at);
    REQUIRE(t.end > t.begin);
    at = t.end;
  }
  REQUIRE(at == code.size());
  return toks;
}

// The kind of the token holding the first occurrence of `needle` (which it must hold whole).
TokenKind kind_at(std::string_view code, Syntax syntax, std::string_view needle, std::size_t from = 0) {
  const std::size_t at = code.find(needle, from);
  REQUIRE(at != std::string_view::npos);
  for (const Token& t : checked(code, syntax))
    if (t.begin <= at && at < t.end) {
      INFO("token: " << std::string(code.substr(t.begin, t.end - t.begin)));
      REQUIRE(at + needle.size() <= t.end);
      return t.kind;
    }
  FAIL("no token at " << at);
  return TokenKind::text;
}

}  // namespace

TEST_CASE("fence languages map to syntaxes; unknown ones are plain") {
  CHECK(syntax_for("lua") == Syntax::lua);
  CHECK(syntax_for("Lua") == Syntax::lua);
  CHECK(syntax_for("sh") == Syntax::shell);
  CHECK(syntax_for("bash") == Syntax::shell);
  CHECK(syntax_for("json") == Syntax::json);
  CHECK(syntax_for("http") == Syntax::http);
  CHECK(syntax_for("text") == Syntax::plain);
  CHECK(syntax_for("") == Syntax::plain);
}

TEST_CASE("Lua: keywords, constants, library names, strings, numbers, comments") {
  const std::string t = "local n = tonumber(s) or 0x1F -- fallback\nif ok == nil then return 'a\\'b', 1.5e3 end";
  CHECK(kind_at(t, Syntax::lua, "local") == TokenKind::keyword);
  CHECK(kind_at(t, Syntax::lua, "tonumber") == TokenKind::builtin);
  CHECK(kind_at(t, Syntax::lua, "or") == TokenKind::keyword);
  CHECK(kind_at(t, Syntax::lua, "0x1F") == TokenKind::number);
  CHECK(kind_at(t, Syntax::lua, "-- fallback") == TokenKind::comment);
  CHECK(kind_at(t, Syntax::lua, "nil") == TokenKind::constant);
  CHECK(kind_at(t, Syntax::lua, "'a\\'b'") == TokenKind::string);  // an escaped quote does not end it
  CHECK(kind_at(t, Syntax::lua, "1.5e3") == TokenKind::number);
  CHECK(kind_at(t, Syntax::lua, "n") == TokenKind::text);
}

TEST_CASE("Lua: long strings and long comments span lines; fields are not library names") {
  const std::string t = "--[==[ one\ntwo ]] still ]==]\nlocal s = [[x\ny]] .. res.string";
  CHECK(kind_at(t, Syntax::lua, "--[==[ one\ntwo ]] still ]==]") == TokenKind::comment);
  CHECK(kind_at(t, Syntax::lua, "[[x\ny]]") == TokenKind::string);
  CHECK(kind_at(t, Syntax::lua, "string") == TokenKind::text);
}

TEST_CASE("Lua: an unterminated string stops at the end of its line") {
  const std::string t = "local s = \"open\nlocal x = 1";
  CHECK(kind_at(t, Syntax::lua, "\"open") == TokenKind::string);
  CHECK(kind_at(t, Syntax::lua, "1") == TokenKind::number);
}

TEST_CASE("shell: commands, options, variables, strings, comments, prompts") {
  const std::string t = "$ faultline run labs/02 my.lua --seed 7 # one run\nFOO=1 echo \"$HOME\" | grep ${X}";
  CHECK(kind_at(t, Syntax::shell, "$ ") == TokenKind::comment);
  CHECK(kind_at(t, Syntax::shell, "faultline") == TokenKind::keyword);
  CHECK(kind_at(t, Syntax::shell, "labs/02") == TokenKind::text);
  CHECK(kind_at(t, Syntax::shell, "--seed") == TokenKind::builtin);
  CHECK(kind_at(t, Syntax::shell, "# one run") == TokenKind::comment);
  CHECK(kind_at(t, Syntax::shell, "FOO=1") == TokenKind::text);  // an assignment, not the command
  CHECK(kind_at(t, Syntax::shell, "echo") == TokenKind::keyword);
  CHECK(kind_at(t, Syntax::shell, "\"$HOME\"") == TokenKind::string);
  CHECK(kind_at(t, Syntax::shell, "grep") == TokenKind::keyword);  // after a pipe
  CHECK(kind_at(t, Syntax::shell, "${X}") == TokenKind::name);
}

TEST_CASE("JSON: keys differ from string values; numbers and literals") {
  const std::string t = "{\"error\" : \"rate_limited\", \"retry\": -1.5e2, \"ok\": false, \"x\": null}";
  CHECK(kind_at(t, Syntax::json, "\"error\"") == TokenKind::name);
  CHECK(kind_at(t, Syntax::json, "\"rate_limited\"") == TokenKind::string);
  CHECK(kind_at(t, Syntax::json, "-1.5e2") == TokenKind::number);
  CHECK(kind_at(t, Syntax::json, "false") == TokenKind::constant);
  CHECK(kind_at(t, Syntax::json, "null") == TokenKind::constant);
}

TEST_CASE("HTTP: request and status lines, headers, a JSON body") {
  const std::string req = "POST /v1/embeddings HTTP/1.1\r\nAuthorization: Bearer x\r\n\r\n{\"input\": [1]}";
  CHECK(kind_at(req, Syntax::http, "POST") == TokenKind::keyword);
  CHECK(kind_at(req, Syntax::http, "HTTP/1.1") == TokenKind::builtin);
  CHECK(kind_at(req, Syntax::http, "Authorization") == TokenKind::name);
  CHECK(kind_at(req, Syntax::http, "Bearer x") == TokenKind::string);
  CHECK(kind_at(req, Syntax::http, "\"input\"") == TokenKind::name);
  CHECK(kind_at(req, Syntax::http, "1", req.find("[")) == TokenKind::number);

  const std::string res = "HTTP/1.1 429 Too Many Requests\nRetry-After: 45\n";
  CHECK(kind_at(res, Syntax::http, "HTTP/1.1") == TokenKind::builtin);
  CHECK(kind_at(res, Syntax::http, "429") == TokenKind::number);
  CHECK(kind_at(res, Syntax::http, "Retry-After") == TokenKind::name);
  CHECK(kind_at(res, Syntax::http, "45") == TokenKind::string);
}

TEST_CASE("every syntax covers any input exactly, even malformed or empty") {
  const std::string inputs[] = {"",        "\"",    "[[",   "--[[", "${",
                                "{\"a\":", "HTTP/", "\n\n", "a\tb", "\xC3\xA9 \xE2\x80\x94"};
  for (Syntax syntax : {Syntax::plain, Syntax::lua, Syntax::shell, Syntax::json, Syntax::http})
    for (const std::string& input : inputs) checked(input, syntax);
  CHECK(checked("plain text", Syntax::plain).size() == 1);
}

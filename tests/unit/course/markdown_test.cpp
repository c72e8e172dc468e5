// Lesson Markdown -> block model: each supported construct, callouts, lines, and the
// unsupported constructs reported with their line.
#include <catch2/catch.hpp>

#include "course/markdown.h"

using namespace fl;
using namespace fl::course;

namespace {

struct Parsed {
  Document doc;
  Diagnostics diags;
};

Parsed parse(const std::string& text) {
  Parsed p;
  p.doc = parse_markdown(text, "lesson.md", p.diags);
  return p;
}

Document clean(const std::string& text) {
  Parsed p = parse(text);
  INFO(p.diags.to_string());
  CHECK(p.diags.items().empty());
  return p.doc;
}

Span text(std::string t) { return Span{.text = std::move(t)}; }

}  // namespace

TEST_CASE("headings keep their level and inline text") {
  Document d = clean("# Rate limits\n\n## The `429` status\n\n###### Six\n\nSetext\n------\n");
  REQUIRE(d.blocks.size() == 4);
  CHECK(d.blocks[0].kind == BlockKind::heading);
  CHECK(d.blocks[0].level == 1);
  CHECK(d.blocks[0].line == 1);
  CHECK(d.blocks[1].level == 2);
  CHECK(d.blocks[1].line == 3);
  CHECK(d.blocks[1].spans == Inlines{text("The "), Span{.text = "429", .code = true}, text(" status")});
  CHECK(d.blocks[2].level == 6);
  CHECK(d.blocks[3].level == 2);
  CHECK(plain_text(d.blocks[3].spans) == "Setext");
  CHECK(d.title() == "Rate limits");
  CHECK(clean("## no h1\n").title().empty());
}

TEST_CASE("paragraphs hold styled runs: emphasis, strong, code, links") {
  Document d = clean("Plain *em* **strong** ***both*** `code` and [a link](https://example.com/x?a=1&b=2).\n");
  REQUIRE(d.blocks.size() == 1);
  const Inlines& s = d.blocks[0].spans;
  REQUIRE(s.size() == 11);
  CHECK(s[0] == text("Plain "));
  CHECK(s[1] == Span{.text = "em", .emphasis = true});
  CHECK(s[3] == Span{.text = "strong", .strong = true});
  CHECK(s[5] == Span{.text = "both", .emphasis = true, .strong = true});
  CHECK(s[7] == Span{.text = "code", .code = true});
  CHECK(s[9].text == "a link");
  CHECK(s[9].href == "https://example.com/x?a=1&b=2");
  CHECK(s[9].is_link());
  CHECK(s[10] == text("."));
}

TEST_CASE("links keep their styles inside; autolinks are links") {
  Document d = clean("See [the **RFC**](https://www.rfc-editor.org/rfc/rfc9110) or <https://example.com>.\n");
  const Inlines& s = d.blocks[0].spans;
  REQUIRE(s.size() == 6);
  CHECK(s[1] == Span{.text = "the ", .href = "https://www.rfc-editor.org/rfc/rfc9110"});
  CHECK(s[2] == Span{.text = "RFC", .strong = true, .href = "https://www.rfc-editor.org/rfc/rfc9110"});
  CHECK(s[4] == Span{.text = "https://example.com", .href = "https://example.com"});
}

TEST_CASE("soft breaks become spaces, hard breaks are their own run, entities are decoded") {
  Document d = clean("one\ntwo  \nthree &amp; &copy; &#65;&#x42; &nosuch;\n");
  const Inlines& s = d.blocks[0].spans;
  REQUIRE(s.size() == 3);
  CHECK(s[0] == text("one two"));
  CHECK(s[1].line_break);
  CHECK(s[2] == text("three & \xC2\xA9 AB &nosuch;"));
}

TEST_CASE("code blocks keep the language, the text and their lines") {
  Document d = clean("Intro\n\n```lua\nlocal x = 1\n\nreturn x\n```\n\n~~~\nplain\n~~~\n\n    indented\n    code\n");
  REQUIRE(d.blocks.size() == 4);
  const Block& lua = d.blocks[1];
  CHECK(lua.kind == BlockKind::code);
  CHECK(lua.language == "lua");
  CHECK(lua.code == "local x = 1\n\nreturn x\n");
  CHECK(lua.line == 3);
  CHECK(lua.code_line == 4);
  CHECK(d.blocks[2].language.empty());
  CHECK(d.blocks[2].code == "plain\n");
  CHECK(d.blocks[2].line == 9);
  CHECK(d.blocks[2].code_line == 10);
  CHECK(d.blocks[3].code == "indented\ncode\n");
  CHECK(d.blocks[3].code_line == 13);
  // The info string's first word is the language.
  CHECK(clean("```lua title=x\nx()\n```\n").blocks[0].language == "lua");
}

TEST_CASE("bullet and ordered lists nest; every item holds blocks") {
  Document d = clean("- one\n- two\n  - two.a\n  - two.b\n\n    more of two.b\n- three\n\n3. third\n4. fourth\n");
  REQUIRE(d.blocks.size() == 2);
  const Block& ul = d.blocks[0];
  CHECK(ul.kind == BlockKind::bullet_list);
  REQUIRE(ul.children.size() == 3);
  CHECK(ul.children[0].kind == BlockKind::list_item);
  REQUIRE(ul.children[0].children.size() == 1);
  CHECK(ul.children[0].children[0].kind == BlockKind::paragraph);
  CHECK(ul.children[0].children[0].spans == Inlines{text("one")});
  const Block& two = ul.children[1];
  REQUIRE(two.children.size() == 2);
  CHECK(two.children[0].spans == Inlines{text("two")});
  const Block& nested = two.children[1];
  CHECK(nested.kind == BlockKind::bullet_list);
  REQUIRE(nested.children.size() == 2);
  CHECK_FALSE(nested.tight);
  REQUIRE(nested.children[1].children.size() == 2);
  CHECK(plain_text(nested.children[1].children[1].spans) == "more of two.b");
  CHECK(ul.children[2].line == 7);

  const Block& ol = d.blocks[1];
  CHECK(ol.kind == BlockKind::ordered_list);
  CHECK(ol.start == 3);
  CHECK(ol.tight);
  REQUIRE(ol.children.size() == 2);
  CHECK(plain_text(ol.children[1].children[0].spans) == "fourth");
}

TEST_CASE("a block quote is a quote; with a bold opening it is a callout titled by it") {
  Document d = clean(
      "> Just a quote\n> over two lines.\n\n"
      "> **Critical pattern: never retry a 429 immediately**\n> Honour `Retry-After`.\n>\n> Second paragraph.\n\n"
      "> **Title only**\n>\n> - then a list\n\n"
      "> Not **a** callout.\n");
  REQUIRE(d.blocks.size() == 4);
  CHECK(d.blocks[0].kind == BlockKind::quote);
  CHECK(plain_text(d.blocks[0].children[0].spans) == "Just a quote over two lines.");

  const Block& callout = d.blocks[1];
  CHECK(callout.kind == BlockKind::callout);
  CHECK(callout.line == 4);
  CHECK(callout.title == "Critical pattern: never retry a 429 immediately");
  REQUIRE(callout.children.size() == 2);
  CHECK(callout.children[0].spans == Inlines{text("Honour "), Span{.text = "Retry-After", .code = true}, text(".")});
  CHECK(plain_text(callout.children[1].spans) == "Second paragraph.");

  const Block& title_only = d.blocks[2];
  CHECK(title_only.kind == BlockKind::callout);
  CHECK(title_only.title == "Title only");
  REQUIRE(title_only.children.size() == 1);
  CHECK(title_only.children[0].kind == BlockKind::bullet_list);

  CHECK(d.blocks[3].kind == BlockKind::quote);
}

TEST_CASE("tables have a header, rows of inline cells and column alignment") {
  Document d = clean(
      "| Variant | Sleep | n |\n"
      "|:---|:---:|---:|\n"
      "| Full jitter | `rand(0, t)` | 1 |\n"
      "| **Equal** | `t / 2 + rand(0, t / 2)` | 2 |\n");
  REQUIRE(d.blocks.size() == 1);
  const Block& t = d.blocks[0];
  CHECK(t.kind == BlockKind::table);
  CHECK(t.line == 1);
  CHECK(t.align == std::vector<Align>{Align::left, Align::center, Align::right});
  REQUIRE(t.header.size() == 3);
  CHECK(t.header[0] == Inlines{text("Variant")});
  REQUIRE(t.rows.size() == 2);
  REQUIRE(t.rows[1].size() == 3);
  CHECK(t.rows[0][1] == Inlines{Span{.text = "rand(0, t)", .code = true}});
  CHECK(t.rows[1][0] == Inlines{Span{.text = "Equal", .strong = true}});
  CHECK(clean("| a | b |\n|---|---|\n| 1 | 2 |\n").blocks[0].align == std::vector<Align>{Align::none, Align::none});
}

TEST_CASE("thematic breaks are rules") {
  Document d = clean("above\n\n---\n\nbelow\n");
  REQUIRE(d.blocks.size() == 3);
  CHECK(d.blocks[1].kind == BlockKind::rule);
}

TEST_CASE("unsupported constructs are errors with their line, and the document stays readable") {
  Parsed p = parse("# T\n\nText\n\n<div>\nraw\n</div>\n\nSome <b>bold</b> here\n\n![a chart](chart.png)\n\n~~old~~\n");
  std::string all = p.diags.to_string();
  INFO(all);
  CHECK(p.diags.error_count() == 5);
  CHECK_THAT(all, Catch::Contains("lesson.md: line 5: error: raw HTML blocks are not supported"));
  CHECK_THAT(all, Catch::Contains("lesson.md: line 9: error: inline HTML is not supported (write Markdown instead): <b>"));
  CHECK_THAT(all, Catch::Contains("lesson.md: line 9: error: inline HTML is not supported (write Markdown instead): </b>"));
  CHECK_THAT(all, Catch::Contains("lesson.md: line 11: error: images are not supported"));
  CHECK_THAT(all, Catch::Contains("lesson.md: line 13: error: strikethrough (~~text~~) is not supported"));
  // The HTML block is dropped; inline HTML and the image's description remain as text.
  REQUIRE(p.doc.blocks.size() == 5);
  CHECK(plain_text(p.doc.blocks[2].spans) == "Some <b>bold</b> here");
  CHECK(plain_text(p.doc.blocks[3].spans) == "a chart");
}

TEST_CASE("deep nesting is reported and flattened") {
  std::string deep(100, '>');
  Parsed p = parse(deep + " text\n");
  CHECK_THAT(p.diags.to_string(), Catch::Contains("line 1: error: nesting deeper than"));
  int depth = 0;
  const Block* b = &p.doc.blocks.at(0);
  while (!b->children.empty()) {
    b = &b->children[0];
    ++depth;
  }
  CHECK(depth <= kMaxMarkdownDepth);
  CHECK(plain_text(b->spans) == "text");
}

TEST_CASE("odd input never fails: empty, NUL bytes, CRLF") {
  CHECK(clean("").blocks.empty());
  Document nul = clean(std::string("a\0b\n", 4));
  CHECK(plain_text(nul.blocks[0].spans) == "a\xEF\xBF\xBD" "b");
  Document crlf = clean("# T\r\n\r\n```lua\r\nx = 1\r\n```\r\n");
  REQUIRE(crlf.blocks.size() == 2);
  CHECK(crlf.blocks[1].code == "x = 1\n");
  CHECK(crlf.blocks[1].code_line == 4);
}

TEST_CASE("inline Markdown for quiz text") {
  CHECK(parse_inline_markdown("Use `Retry-After`, *not* a guess.") ==
        Inlines{text("Use "), Span{.text = "Retry-After", .code = true}, text(", "), Span{.text = "not", .emphasis = true},
                text(" a guess.")});
  Inlines two = parse_inline_markdown("first\n\nsecond");
  REQUIRE(two.size() == 3);
  CHECK(two[1].line_break);
  CHECK(parse_inline_markdown("").empty());
}

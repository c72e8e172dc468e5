#include "ui/text_flow.h"

#include <catch2/catch.hpp>

#include <string>

using fl::course::Inlines;
using fl::course::Span;
using fl::ui::flow_inlines;
using fl::ui::FlowLine;

namespace {

// Every byte is 10 units wide, code 12: enough to tell styles apart.
float measure(const Span& span, std::string_view text) {
  return static_cast<float>(text.size()) * (span.code ? 12.0f : 10.0f);
}

Span text(std::string t) {
  Span s;
  s.text = std::move(t);
  return s;
}
Span strong(std::string t) {
  Span s = text(std::move(t));
  s.strong = true;
  return s;
}
Span code(std::string t) {
  Span s = text(std::move(t));
  s.code = true;
  return s;
}

std::string line_text(const Inlines& spans, const FlowLine& line) {
  std::string out;
  for (const auto& p : line.pieces) {
    out += spans[p.span].text.substr(p.begin, p.end - p.begin);
    if (p.space_after > 0) out += ' ';
  }
  return out;
}

}  // namespace

TEST_CASE("words wrap at spaces and lines never exceed the width") {
  Inlines spans = {text("one two three four five")};
  auto lines = flow_inlines(spans, 100, measure);  // 10 characters per line
  REQUIRE(lines.size() == 3);
  CHECK(line_text(spans, lines[0]) == "one two");
  CHECK(line_text(spans, lines[1]) == "three four");
  CHECK(line_text(spans, lines[2]) == "five");
  for (const auto& l : lines) CHECK(l.width <= 100);
  CHECK(lines[0].pieces[1].x == 40);  // "one" + one space
}

TEST_CASE("adjacent spans without a space between them stay on one line") {
  // "bold," is one word across two spans: it moves to the next line as a whole.
  Inlines spans = {text("aaaa "), strong("bold"), text(", x")};
  auto lines = flow_inlines(spans, 95, measure);
  REQUIRE(lines.size() == 2);
  CHECK(line_text(spans, lines[0]) == "aaaa");
  CHECK(line_text(spans, lines[1]) == "bold, x");
  REQUIRE(lines[1].pieces.size() == 3);
  CHECK(lines[1].pieces[0].span == 1);
  CHECK(lines[1].pieces[1].span == 2);
  CHECK(lines[1].pieces[1].x == 40);  // no space between "bold" and ","
}

TEST_CASE("a span's leading space separates it from the word before") {
  Inlines spans = {strong("Note:"), text(" read")};
  auto lines = flow_inlines(spans, 1000, measure);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].pieces[1].x == 60);
  CHECK(lines[0].pieces[0].space_after == 10);
}

TEST_CASE("each piece is measured in its own style") {
  Inlines spans = {text("use "), code("Retry-After"), text(" now")};
  auto lines = flow_inlines(spans, 1000, measure);
  REQUIRE(lines.size() == 1);
  REQUIRE(lines[0].pieces.size() == 3);
  CHECK(lines[0].pieces[1].width == 11 * 12);
  CHECK(lines[0].pieces[2].x == 40 + 132 + 10);
}

TEST_CASE("a word longer than a line is split between characters, not clipped") {
  Inlines spans = {text("https://example.com/long ok")};
  auto lines = flow_inlines(spans, 100, measure);
  REQUIRE(lines.size() >= 3);
  for (const auto& l : lines) CHECK(l.width <= 100);
  std::string joined;
  for (const auto& l : lines)
    for (const auto& p : l.pieces) joined += spans[p.span].text.substr(p.begin, p.end - p.begin);
  CHECK(joined == "https://example.com/longok");
}

TEST_CASE("multi-byte characters are never split") {
  Inlines spans = {text("\xc3\xa9\xc3\xa9\xc3\xa9")};  // each é is 2 bytes: 20 units
  auto lines = flow_inlines(spans, 25, measure);  // one character per line
  REQUIRE(lines.size() == 3);
  for (const auto& l : lines) CHECK(l.pieces[0].end - l.pieces[0].begin == 2);
}

TEST_CASE("hard line breaks start a new line; empty input gives one empty line") {
  Span br;
  br.line_break = true;
  Inlines spans = {text("a"), br, text("b")};
  auto lines = flow_inlines(spans, 1000, measure);
  REQUIRE(lines.size() == 2);
  CHECK(line_text(spans, lines[1]) == "b");
  CHECK(flow_inlines({}, 100, measure).size() == 1);
}

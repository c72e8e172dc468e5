#include "cli/terminal_text.h"

#include <catch2/catch.hpp>

using fl::cli::Newlines;
using fl::cli::terminal_text;

TEST_CASE("terminal_text leaves printable text, tabs and UTF-8 alone", "[cli][terminal]") {
  CHECK(terminal_text("plain text\twith a tab", Newlines::escape) == "plain text\twith a tab");
  CHECK(terminal_text("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", Newlines::escape) ==
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

TEST_CASE("terminal_text makes escape sequences visible", "[cli][terminal]") {
  CHECK(terminal_text("\x1b[2J\x1b[31mred", Newlines::escape) == "\\e[2J\\e[31mred");
  CHECK(terminal_text("over\rwrite\b\x07", Newlines::escape) == "over\\rwrite\\x08\\x07");
  CHECK(terminal_text("del\x7f", Newlines::escape) == "del\\x7f");
  // U+009B is CSI in the C1 set: some terminals act on it.
  CHECK(terminal_text("\xc2\x9b" "2J", Newlines::escape) == "\\u009b2J");
  CHECK(terminal_text("\xc2\xa0", Newlines::escape) == "\xc2\xa0");  // U+00A0 is printable
}

TEST_CASE("terminal_text shows bytes that are not UTF-8", "[cli][terminal]") {
  CHECK(terminal_text("\xff\xfe", Newlines::escape) == "\\xff\\xfe");
  CHECK(terminal_text("cut \xe2\x82", Newlines::escape) == "cut \\xe2\\x82");
  CHECK(terminal_text("\xc0\xaf", Newlines::escape) == "\\xc0\\xaf");  // overlong '/'
}

TEST_CASE("terminal_text keeps or escapes newlines as asked", "[cli][terminal]") {
  CHECK(terminal_text("one\ntwo", Newlines::keep) == "one\ntwo");
  CHECK(terminal_text("one\ntwo", Newlines::escape) == "one\\ntwo");
}

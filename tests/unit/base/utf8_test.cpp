#include "base/utf8.h"

#include <catch2/catch.hpp>

using fl::utf8_sequence_length;

TEST_CASE("utf8_sequence_length accepts well-formed sequences", "[base][utf8]") {
  CHECK(utf8_sequence_length("a", 0) == 1);
  CHECK(utf8_sequence_length("\x1b", 0) == 1);  // control characters are ASCII
  CHECK(utf8_sequence_length("\xc3\xa9", 0) == 2);
  CHECK(utf8_sequence_length("\xe2\x82\xac", 0) == 3);
  CHECK(utf8_sequence_length("\xf0\x9f\x98\x80", 0) == 4);
  CHECK(utf8_sequence_length("\xf4\x8f\xbf\xbf", 0) == 4);  // U+10FFFF
  CHECK(utf8_sequence_length("x\xc3\xa9", 1) == 2);
}

TEST_CASE("utf8_sequence_length rejects what is not UTF-8", "[base][utf8]") {
  CHECK(utf8_sequence_length("\x80", 0) == 0);                  // stray continuation byte
  CHECK(utf8_sequence_length("\xc0\xaf", 0) == 0);              // overlong (C0, C1 never valid)
  CHECK(utf8_sequence_length("\xe0\x80\xaf", 0) == 0);          // overlong 3-byte form
  CHECK(utf8_sequence_length("\xed\xa0\x80", 0) == 0);          // UTF-16 surrogate
  CHECK(utf8_sequence_length("\xf0\x80\x80\xaf", 0) == 0);      // overlong 4-byte form
  CHECK(utf8_sequence_length("\xf4\x90\x80\x80", 0) == 0);      // past U+10FFFF
  CHECK(utf8_sequence_length("\xf5\x80\x80\x80", 0) == 0);
  CHECK(utf8_sequence_length("\xe2\x82", 0) == 0);              // cut off by the end
  CHECK(utf8_sequence_length("\xe2(\xac", 0) == 0);             // not a continuation byte
}

#include "ui/fonts.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

using fl::ui::height_per_em;

namespace {

void put16(std::string& s, std::size_t at, int v) {
  s[at] = static_cast<char>((v >> 8) & 0xff);
  s[at + 1] = static_cast<char>(v & 0xff);
}
void put32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
}

// A minimal sfnt: a table directory with head and hhea, as TrueType fonts lay them out.
std::string sfnt(int units_per_em, int ascender, int descender) {
  std::string s(12 + 2 * 16 + 54 + 36, '\0');
  put32(s, 0, 0x00010000);
  put16(s, 4, 2);
  const std::size_t head = 12 + 32, hhea = head + 54;
  s.replace(12, 4, "head");
  put32(s, 12 + 8, static_cast<std::uint32_t>(head));
  put32(s, 12 + 12, 54);
  s.replace(28, 4, "hhea");
  put32(s, 28 + 8, static_cast<std::uint32_t>(hhea));
  put32(s, 28 + 12, 36);
  put16(s, head + 18, units_per_em);
  put16(s, hhea + 4, ascender);
  put16(s, hhea + 6, descender & 0xffff);
  return s;
}

}  // namespace

TEST_CASE("a font's ImGui size per em comes from its head and hhea tables") {
  // Noto Sans: 1000 units per em, ascender 1069, descender -293: 16 px text is 21.8 px in ImGui.
  REQUIRE(height_per_em(sfnt(1000, 1069, -293)));
  CHECK(*height_per_em(sfnt(1000, 1069, -293)) == Approx(1.362f));
  CHECK(*height_per_em(sfnt(2048, 1900, -500)) == Approx(2400.0f / 2048));
}

TEST_CASE("unreadable font data gives no size instead of a wrong one") {
  CHECK_FALSE(height_per_em(""));
  CHECK_FALSE(height_per_em(sfnt(1000, 1069, -293).substr(0, 60)));  // cut inside the tables
  CHECK_FALSE(height_per_em(sfnt(0, 1069, -293)));
  CHECK_FALSE(height_per_em(sfnt(1000, -5, 10)));
}

TEST_CASE("text sizes round-trip through their stored names and only grow") {
  float last = 0;
  for (fl::ui::TextSize size : fl::ui::kTextSizes) {
    CHECK(fl::ui::text_size_from_string(fl::ui::to_string(size)) == size);
    CHECK(fl::ui::text_scale(size) > last);
    last = fl::ui::text_scale(size);
  }
  CHECK(fl::ui::text_scale(fl::ui::TextSize::normal) == 1.0f);
  CHECK_FALSE(fl::ui::text_size_from_string("huge"));
}

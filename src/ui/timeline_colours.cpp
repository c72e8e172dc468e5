#include "ui/timeline_colours.h"

#include "base/hash.h"

namespace fl::ui {

namespace {

constexpr ImU32 tl_rgb(unsigned hex, unsigned alpha = 255) {
  return IM_COL32((hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff, alpha);
}

// Okabe-Ito: bluish green, orange, reddish purple, vermillion, sky blue, yellow; grey for no answer.
const TimelineColours kOnDark{
    {tl_rgb(0x2fb88f), tl_rgb(0xe69f00), tl_rgb(0xd88cbb), tl_rgb(0xf0702a), tl_rgb(0x56b4e9), tl_rgb(0xf0e442),
     tl_rgb(0x8d94a3)},
    tl_rgb(0x0d1117),
    tl_rgb(0x9da3b0, 200),
    tl_rgb(0xb8bfcc, 170),
    tl_rgb(0xe5b454, 26),
    tl_rgb(0xf07178, 40),
    tl_rgb(0x7aa7ff, 230),
    tl_rgb(0x9da3b0, 200),
    tl_rgb(0xe5b454),
    tl_rgb(0xf07178),
    tl_rgb(0xffffff),
    tl_rgb(0xffffff, 8),
    tl_rgb(0xffffff, 20),
    {tl_rgb(0x56b4e9), tl_rgb(0xe69f00), tl_rgb(0x2fb88f), tl_rgb(0xd88cbb), tl_rgb(0xf0e442), tl_rgb(0xf0702a)},
};
const TimelineColours kOnLight{
    {tl_rgb(0x00805c), tl_rgb(0xb87a00), tl_rgb(0xa8508a), tl_rgb(0xc4500a), tl_rgb(0x2a80b8), tl_rgb(0x9a8c00),
     tl_rgb(0x8a909c)},
    tl_rgb(0xffffff),
    tl_rgb(0x5b6270, 200),
    tl_rgb(0x5b6270, 170),
    tl_rgb(0x9a6400, 22),
    tl_rgb(0xc4302b, 30),
    tl_rgb(0x1f5fd1, 230),
    tl_rgb(0x5b6270, 200),
    tl_rgb(0x9a6400),
    tl_rgb(0xc4302b),
    tl_rgb(0x1d2129),
    tl_rgb(0x000000, 8),
    tl_rgb(0x000000, 22),
    {tl_rgb(0x2a80b8), tl_rgb(0xb87a00), tl_rgb(0x00805c), tl_rgb(0xa8508a), tl_rgb(0x9a8c00), tl_rgb(0xc4500a)},
};

bool is_light(ImU32 background) {
  const unsigned r = background & 0xff, g = (background >> 8) & 0xff, b = (background >> 16) & 0xff;
  return r * 299 + g * 587 + b * 114 > 128 * 1000;
}

bool any_of(std::string_view v, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (v == n) return true;
  return false;
}

}  // namespace

const TimelineColours& timeline_colours(const Palette& palette) {
  return is_light(palette.background) ? kOnLight : kOnDark;
}

ImU32 state_colour(const TimelineColours& c, std::string_view value) {
  if (any_of(value, {"closed", "ok", "healthy", "up", "normal"}))
    return c.outcome[static_cast<int>(Outcome::success)];
  if (any_of(value, {"open", "down", "outage", "failing", "tripped"}))
    return c.outcome[static_cast<int>(Outcome::server_error)];
  if (any_of(value, {"half-open", "half_open", "halfopen", "probing", "degraded", "recovering"}))
    return c.outcome[static_cast<int>(Outcome::client_error)];
  return c.series[fnv1a64(value) % (sizeof(c.series) / sizeof(c.series[0]))];
}

}  // namespace fl::ui

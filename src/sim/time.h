#pragma once
// Virtual time. Every instant in the simulator is an integer count of microseconds since the
// start of the run (t = 0); nothing in src/sim reads a wall clock. A world also has an epoch
// (the calendar date that t = 0 stands for, `world.start` in lab.json) so that servers can send
// HTTP-dates (Retry-After, Date) and Unix timestamps (X-RateLimit-Reset in epoch style).
#include <cstdint>
#include <string>

namespace fl::sim {

using Micros = std::int64_t;

inline constexpr Micros kMicrosPerMs = 1000;
inline constexpr Micros kMicrosPerSecond = 1000000;
inline constexpr Micros kForever = INT64_MAX;

// Seconds or milliseconds (from lab.json numbers) to microseconds, rounded to nearest.
Micros from_seconds(double seconds);
Micros from_millis(double millis);
double to_seconds(Micros t);

// Whole seconds needed to cover `d` (ceil; 0 for d <= 0).
std::int64_t ceil_seconds(Micros d);

// Calendar formatting of a Unix time in whole seconds (UTC, proleptic Gregorian).
// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::int64_t unix_seconds);
// RFC 3339: "1994-11-06T08:49:37Z".
std::string iso8601(std::int64_t unix_seconds);
// Parses an IMF-fixdate (the form http_date writes); false on anything else.
bool parse_http_date(const std::string& text, std::int64_t* unix_seconds);
// Parses "YYYY-MM-DDTHH:MM:SSZ" (lab.json's `start`); false on anything else.
bool parse_iso8601(const std::string& text, std::int64_t* unix_seconds);

}  // namespace fl::sim

#include "sim/time.h"

#include <cstdio>
#include <cstring>

#include "base/portable_math.h"

namespace fl::sim {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

const char* const kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool digits(const std::string& s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool valid_civil(int y, int mo, int d, int h, int mi, int s) {
  static const int kLen[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kLen[mo - 1] || h > 23 || mi > 59 || s > 60) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(mo == 2 && d == 29 && !leap);
}

}  // namespace

namespace {
// Out-of-range doubles (and NaN) would make the cast undefined: clamp to what Micros holds.
double clamp_us(double us) {
  if (!(us == us)) return 0;
  if (us > 4e18) return 4e18;
  if (us < -4e18) return -4e18;
  return us;
}
}  // namespace

Micros from_seconds(double seconds) {
  double us = clamp_us(seconds * 1e6);
  return static_cast<Micros>(us < 0 ? fl_ceil(us - 0.5) : fl_floor(us + 0.5));
}

Micros from_millis(double millis) {
  double us = clamp_us(millis * 1e3);
  return static_cast<Micros>(us < 0 ? fl_ceil(us - 0.5) : fl_floor(us + 0.5));
}

double to_seconds(Micros t) { return static_cast<double>(t) / 1e6; }

std::int64_t ceil_seconds(Micros d) {
  if (d <= 0) return 0;
  return (d + kMicrosPerSecond - 1) / kMicrosPerSecond;
}

std::string http_date(std::int64_t unix_seconds) {
  std::int64_t days = floor_div(unix_seconds, 86400);
  std::int64_t secs = unix_seconds - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02d:%02d:%02d GMT", kDays[((days % 7) + 7) % 7], d,
                kMonths[m - 1], static_cast<long long>(y), static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::string iso8601(std::int64_t unix_seconds) {
  std::int64_t days = floor_div(unix_seconds, 86400);
  std::int64_t secs = unix_seconds - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

bool parse_http_date(const std::string& s, std::int64_t* unix_seconds) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.compare(25, 4, " GMT") != 0)
    return false;
  int d, y, h, mi, sec;
  if (!digits(s, 5, 2, &d) || !digits(s, 12, 4, &y) || !digits(s, 17, 2, &h) || !digits(s, 20, 2, &mi) ||
      !digits(s, 23, 2, &sec))
    return false;
  int mo = 0;
  for (int i = 0; i < 12; ++i)
    if (s.compare(8, 3, kMonths[i]) == 0) mo = i + 1;
  if (mo == 0 || !valid_civil(y, mo, d, h, mi, sec)) return false;
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  if (s.compare(0, 3, kDays[((days % 7) + 7) % 7]) != 0) return false;
  *unix_seconds = days * 86400 + h * 3600 + mi * 60 + sec;
  return true;
}

bool parse_iso8601(const std::string& s, std::int64_t* unix_seconds) {
  // "2026-01-01T00:00:00Z"
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s[19] != 'Z')
    return false;
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, &y) || !digits(s, 5, 2, &mo) || !digits(s, 8, 2, &d) || !digits(s, 11, 2, &h) ||
      !digits(s, 14, 2, &mi) || !digits(s, 17, 2, &sec))
    return false;
  if (!valid_civil(y, mo, d, h, mi, sec)) return false;
  *unix_seconds = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 +
                  mi * 60 + sec;
  return true;
}

}  // namespace fl::sim

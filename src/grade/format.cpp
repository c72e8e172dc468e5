#include "grade/format.h"

#include <cmath>

namespace fl::grade {

std::string seconds(Micros t, int decimals) {
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  std::int64_t unit = 1;
  for (int i = 0; i < 6 - decimals; ++i) unit *= 10;
  bool neg = t < 0;
  std::int64_t mag = neg ? -t : t;
  std::int64_t q = (mag + unit / 2) / unit;  // in units of 10^-decimals s
  std::int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  std::string out = neg && q != 0 ? "-" : "";
  out += std::to_string(q / scale);
  if (decimals > 0) {
    std::string frac = std::to_string(q % scale);
    out += '.';
    out += std::string(static_cast<std::size_t>(decimals) - frac.size(), '0') + frac;
  }
  return out;
}

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return v > 0 ? "inf" : (v < 0 ? "-inf" : "nan");
  double scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  // Reuse seconds(): express v in units of 10^-decimals, then as "micros" with 6 - decimals zeros.
  double q = std::round(v * scale);
  if (std::fabs(q) > 9e15) return std::to_string(static_cast<long long>(v));
  std::int64_t unit = 1;
  for (int i = 0; i < 6 - decimals; ++i) unit *= 10;
  return seconds(static_cast<std::int64_t>(q) * unit, decimals);
}

std::string percent(double share) { return fixed(share * 100.0, 1) + " %"; }

std::string count(std::size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

std::string ordinal(int n) {
  int m100 = n % 100, m10 = n % 10;
  const char* suffix = "th";
  if (m100 < 11 || m100 > 13) {
    if (m10 == 1) suffix = "st";
    else if (m10 == 2) suffix = "nd";
    else if (m10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

std::string request_ref(const RequestRec& r) {
  std::string out = "request #" + std::to_string(r.id);
  if (!r.service.empty()) out += " to " + std::string(r.service);
  out += " at t=" + seconds(r.sent) + " s";
  return out;
}

std::string outcome_ref(const RequestRec& r) {
  if (!r.net_error.empty()) return "a " + std::string(r.net_error) + " error (#" + std::to_string(r.result) + ")";
  if (r.status == 0) return "no answer";
  return "a " + std::to_string(r.status) + " (#" + std::to_string(r.result) + ")";
}

}  // namespace fl::grade

#pragma once
// Shared by the checks_*.cpp files (internal to src/grade).
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "grade/check.h"
#include "grade/format.h"

namespace fl::grade::detail {

inline void add_kind(Registry& r, std::unique_ptr<CheckKind> kind) {
  std::string error;
  if (!r.add(std::move(kind), &error)) throw std::logic_error(error);
}

inline bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }
inline bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// "429 or 503", "400, 403 or 404"
inline std::string join_or(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += i + 1 == v.size() ? " or " : ", ";
    out += std::to_string(v[i]);
  }
  return out;
}
inline std::string join_or(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += i + 1 == v.size() ? " or " : ", ";
    out += v[i];
  }
  return out;
}

// Thousands separators for counts in messages: 12345 -> "12,345".
inline std::string num(std::size_t n) {
  std::string s = std::to_string(n), out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

inline void cap_evidence(std::vector<EventId>& ids, std::size_t max = 40) {
  if (ids.size() > max) ids.resize(max);
}

}  // namespace fl::grade::detail

#include "ui/reading.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fl::ui {

namespace {

std::string position_key(const std::string& id) { return "reading:" + id; }
std::string read_key(const std::string& id) { return "read:" + id; }

}  // namespace

std::optional<float> reading_position(const store::Database& db, const std::string& lesson_id) {
  auto stored = db.setting(position_key(lesson_id));
  if (!stored || stored->empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(stored->c_str(), &end);
  if (end != stored->c_str() + stored->size() || !std::isfinite(value) || value < 0 || value > 1) return std::nullopt;
  return static_cast<float>(value);
}

bool store_reading_position(store::Database& db, const std::string& lesson_id, float fraction, std::string* error) {
  char text[16];
  std::snprintf(text, sizeof text, "%.4f", static_cast<double>(std::clamp(fraction, 0.0f, 1.0f)));
  if (db.setting(position_key(lesson_id)) == text) return true;  // no commit, no sync
  return db.set_setting(position_key(lesson_id), text, error);
}

bool record_lesson_read(store::Database& db, const std::string& lesson_id, std::int64_t unix_seconds,
                        std::string* error) {
  if (db.setting(read_key(lesson_id))) return true;
  return db.set_setting(read_key(lesson_id), std::to_string(unix_seconds), error);
}

std::set<std::string> read_lessons(const store::Database& db, const std::vector<std::string>& lesson_ids) {
  std::set<std::string> read;
  for (const std::string& id : lesson_ids)
    if (db.setting(read_key(id))) read.insert(id);
  return read;
}

}  // namespace fl::ui

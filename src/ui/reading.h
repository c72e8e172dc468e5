#pragma once
// Reading progress of lessons, kept in the progress store's settings table (no schema change,
// and it travels with the rest of the store in an export):
//   reading:<lesson id>  where the learner stopped, as a fraction of the page's scroll range
//   read:<lesson id>     unix seconds when the lesson's end was first on screen
// Pure logic over store::Database (no ImGui): unit-tested in tests/unit/ui/reading_test.cpp.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/database.h"

namespace fl::ui {

// The stored position of `lesson_id` in [0, 1], or nullopt (none, or not a number in range).
std::optional<float> reading_position(const store::Database& db, const std::string& lesson_id);
// Stores a position (clamped to [0, 1], 4 decimals: a pixel of a long lesson).
bool store_reading_position(store::Database& db, const std::string& lesson_id, float fraction, std::string* error);
// Marks the lesson read; the first time is kept.
bool record_lesson_read(store::Database& db, const std::string& lesson_id, std::int64_t unix_seconds,
                        std::string* error);
// Which of `lesson_ids` have been read.
std::set<std::string> read_lessons(const store::Database& db, const std::vector<std::string>& lesson_ids);

}  // namespace fl::ui

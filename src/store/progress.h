#pragma once
// Progress records the UI shows as marks. Wall-clock times come from the caller (the UI);
// nothing here feeds a grade.
#include <cstdint>
#include <set>
#include <string>

#include "store/database.h"

namespace fl::store {

// Records one visit of a lesson (one transaction; the after-commit hook runs).
bool record_lesson_visit(Database& db, const std::string& lesson_id, std::int64_t unix_seconds, std::string* error);
// The ids of every lesson visited at least once.
std::set<std::string> visited_lessons(const Database& db);

}  // namespace fl::store

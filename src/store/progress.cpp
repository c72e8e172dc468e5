#include "store/progress.h"

#include <sqlite3.h>

namespace fl::store {

bool record_lesson_visit(Database& db, const std::string& lesson_id, std::int64_t unix_seconds, std::string* error) {
  // %Q quotes the id as an SQL literal. Two visits within one second are one visit.
  char* sql = sqlite3_mprintf("INSERT OR IGNORE INTO lesson_visits(lesson_id, visited_at) VALUES (%Q, %lld);",
                              lesson_id.c_str(), static_cast<long long>(unix_seconds));
  return db.exec_formatted(sql, error);
}

std::set<std::string> visited_lessons(const Database& db) {
  std::set<std::string> ids;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db.handle(), "SELECT DISTINCT lesson_id FROM lesson_visits", -1, &stmt, nullptr) != SQLITE_OK)
    return ids;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    if (text) ids.insert(reinterpret_cast<const char*>(text));
  }
  sqlite3_finalize(stmt);
  return ids;
}

}  // namespace fl::store

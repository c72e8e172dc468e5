#include "store/attempts.h"

#include <sqlite3.h>

namespace fl::store {

std::int64_t insert_attempt(Database& db, const std::string& quiz_id, std::uint64_t seed, const std::string& state,
                            std::int64_t started_at, std::string* error) {
  // SQLite integers are signed: the seed is stored bit for bit and cast back when read.
  char* sql = sqlite3_mprintf("INSERT INTO quiz_attempts (quiz_id, seed, state, started_at) VALUES (%Q, %lld, %Q, %lld);",
                              quiz_id.c_str(), static_cast<long long>(seed), state.c_str(),
                              static_cast<long long>(started_at));
  if (!db.exec_formatted(sql, error)) return 0;
  return sqlite3_last_insert_rowid(db.handle());
}

bool update_attempt(Database& db, std::int64_t id, const std::string& state, std::string* error) {
  char* sql = sqlite3_mprintf("UPDATE quiz_attempts SET state = %Q WHERE id = %lld AND submitted = 0;", state.c_str(),
                              static_cast<long long>(id));
  if (!db.exec_formatted(sql, error)) return false;
  if (sqlite3_changes(db.handle()) != 1) {
    if (error) *error = "attempt " + std::to_string(id) + " is not in progress";
    return false;
  }
  return true;
}

bool finish_attempt(Database& db, std::int64_t id, const std::string& state, std::int64_t earned_units,
                    std::int64_t possible_units, bool passed, std::int64_t submitted_at, std::string* error) {
  char* sql = sqlite3_mprintf(
      "UPDATE quiz_attempts SET state = %Q, submitted = 1, earned_units = %lld, possible_units = %lld, passed = %d, "
      "submitted_at = %lld WHERE id = %lld AND submitted = 0;",
      state.c_str(), static_cast<long long>(earned_units), static_cast<long long>(possible_units), passed ? 1 : 0,
      static_cast<long long>(submitted_at), static_cast<long long>(id));
  if (!db.exec_formatted(sql, error)) return false;
  if (sqlite3_changes(db.handle()) != 1) {
    if (error) *error = "attempt " + std::to_string(id) + " is not in progress";
    return false;
  }
  return true;
}

std::optional<AttemptRow> latest_attempt(const Database& db, const std::string& quiz_id) {
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "SELECT id, quiz_id, seed, state, submitted, earned_units, possible_units, passed, started_at, "
      "COALESCE(submitted_at, 0) FROM quiz_attempts WHERE quiz_id = ?1 ORDER BY id DESC LIMIT 1";
  if (sqlite3_prepare_v2(db.handle(), sql, -1, &st, nullptr) != SQLITE_OK) return std::nullopt;
  sqlite3_bind_text(st, 1, quiz_id.data(), static_cast<int>(quiz_id.size()), SQLITE_TRANSIENT);
  std::optional<AttemptRow> row;
  if (sqlite3_step(st) == SQLITE_ROW) {
    AttemptRow r;
    r.id = sqlite3_column_int64(st, 0);
    r.quiz_id = column_text(st, 1);
    r.seed = static_cast<std::uint64_t>(sqlite3_column_int64(st, 2));
    r.state = column_text(st, 3);
    r.submitted = sqlite3_column_int(st, 4) != 0;
    r.earned_units = sqlite3_column_int64(st, 5);
    r.possible_units = sqlite3_column_int64(st, 6);
    r.passed = sqlite3_column_int(st, 7) != 0;
    r.started_at = sqlite3_column_int64(st, 8);
    r.submitted_at = sqlite3_column_int64(st, 9);
    row = std::move(r);
  }
  sqlite3_finalize(st);
  return row;
}

std::map<std::string, QuizSummary> quiz_summaries(const Database& db) {
  std::map<std::string, QuizSummary> out;
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "SELECT quiz_id, earned_units, possible_units, passed FROM quiz_attempts WHERE submitted = 1 ORDER BY id";
  if (sqlite3_prepare_v2(db.handle(), sql, -1, &st, nullptr) != SQLITE_OK) return out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    QuizSummary& s = out[column_text(st, 0)];
    const std::int64_t earned = sqlite3_column_int64(st, 1), possible = sqlite3_column_int64(st, 2);
    // Compare fractions exactly: earned/possible > best_earned/best_possible.
    if (s.attempts == 0 || earned * s.best_possible_units > s.best_earned_units * possible) {
      s.best_earned_units = earned;
      s.best_possible_units = possible;
    }
    ++s.attempts;
    s.passed = s.passed || sqlite3_column_int(st, 3) != 0;
  }
  sqlite3_finalize(st);
  return out;
}

}  // namespace fl::store

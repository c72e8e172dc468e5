#include "store/submissions.h"

#include <sqlite3.h>

namespace fl::store {

bool add_submission(Database& db, Submission& s, std::string* error) {
  // %Q quotes each text as an SQL literal; one transaction, then the after-commit hook runs.
  char* sql = sqlite3_mprintf(
      "INSERT INTO submissions (lab_id, solution, code, status, score, max_score, lab_hash, trace_digest, results, "
      "submitted_at) VALUES (%Q, %Q, %Q, %Q, %.17g, %.17g, %Q, %Q, %Q, %lld);",
      s.lab_id.c_str(), s.solution.c_str(), s.code.c_str(), s.status.c_str(), s.score, s.max_score,
      s.lab_hash.c_str(), s.trace_digest.c_str(), s.results_json.c_str(), static_cast<long long>(s.submitted_at));
  bool ok = db.exec_formatted(sql, error);
  if (ok) s.id = sqlite3_last_insert_rowid(db.handle());
  return ok;
}

std::vector<Submission> list_submissions(const Database& db, const std::string& lab_id) {
  std::vector<Submission> out;
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "SELECT id, lab_id, solution, code, status, score, max_score, lab_hash, trace_digest, results, submitted_at "
      "FROM submissions WHERE ?1 = '' OR lab_id = ?1 ORDER BY id";
  if (sqlite3_prepare_v2(db.handle(), sql, -1, &st, nullptr) != SQLITE_OK) return out;
  sqlite3_bind_text(st, 1, lab_id.data(), static_cast<int>(lab_id.size()), SQLITE_TRANSIENT);
  while (sqlite3_step(st) == SQLITE_ROW) {
    Submission s;
    s.id = sqlite3_column_int64(st, 0);
    s.lab_id = column_text(st, 1);
    s.solution = column_text(st, 2);
    s.code = column_text(st, 3);
    s.status = column_text(st, 4);
    s.score = sqlite3_column_double(st, 5);
    s.max_score = sqlite3_column_double(st, 6);
    s.lab_hash = column_text(st, 7);
    s.trace_digest = column_text(st, 8);
    s.results_json = column_text(st, 9);
    s.submitted_at = sqlite3_column_int64(st, 10);
    out.push_back(std::move(s));
  }
  sqlite3_finalize(st);
  return out;
}

}  // namespace fl::store

#include "store/drafts.h"

#include <sqlite3.h>

namespace fl::store {

namespace {

constexpr std::string_view kDraftPrefix = "draft:";

std::string draft_key(const std::string& doc_id) { return std::string(kDraftPrefix) + doc_id; }

}  // namespace

std::map<std::string, std::string> load_drafts(const Database& db) {
  std::map<std::string, std::string> drafts;
  sqlite3_stmt* stmt = nullptr;
  // A range over the primary key rather than LIKE, whose '_' would be a wildcard.
  if (sqlite3_prepare_v2(db.handle(), "SELECT key, value FROM settings WHERE key >= 'draft:' AND key < 'draft;'", -1,
                         &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return drafts;
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const std::string key = column_text(stmt, 0);
    drafts[key.substr(kDraftPrefix.size())] = column_text(stmt, 1);
  }
  sqlite3_finalize(stmt);
  return drafts;
}

bool save_draft(Database& db, const std::string& doc_id, const std::string& text, std::string* error) {
  return db.set_setting(draft_key(doc_id), text, error);
}

bool delete_draft(Database& db, const std::string& doc_id, std::string* error) {
  if (!db.setting(draft_key(doc_id))) return true;
  return db.exec_formatted(sqlite3_mprintf("DELETE FROM settings WHERE key = %Q;", draft_key(doc_id).c_str()), error);
}

}  // namespace fl::store

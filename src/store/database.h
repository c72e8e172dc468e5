#pragma once
// The learner's progress database (SQLite). One file natively (the desktop app's data folder or
// the CLI's --db), a file on IDBFS in the browser. Every write is one transaction; after each
// commit the `after_commit` hook runs, which the web platform uses to schedule FS.syncfs.
#include <functional>
#include <memory>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace fl::store {

class Database {
 public:
  // Opens (creating if needed) and migrates to the current schema. ":memory:" keeps nothing.
  // Returns nullptr with *error set when the file cannot be opened, is not a database, or
  // comes from a newer Faultline than this one.
  static std::unique_ptr<Database> open(const std::string& path, std::string* error);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  int schema_version() const;
  static int current_schema_version();

  std::optional<std::string> setting(const std::string& key) const;
  bool set_setting(const std::string& key, const std::string& value, std::string* error);

  void set_after_commit(std::function<void()> hook) { after_commit_ = std::move(hook); }

  // Runs `sql` (one or more statements) in one transaction; the hook runs after COMMIT.
  bool exec_transaction(const std::string& sql, std::string* error);
  // The same for a statement built with sqlite3_mprintf (%Q quotes literals): frees it, and
  // reports "out of memory" when the formatting itself failed (sql is null).
  bool exec_formatted(char* sql, std::string* error);
  sqlite3* handle() const { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  bool migrate(std::string* error);
  void committed();

  sqlite3* db_ = nullptr;
  std::function<void()> after_commit_;
};

// A text column as a string ("" for NULL), embedded NUL bytes kept.
std::string column_text(sqlite3_stmt* stmt, int column);

}  // namespace fl::store

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

  // While `reason` is not empty every write fails with it as the error (the browser tab that
  // does not hold the write lock reads only); SQLite's query_only guards the rest.
  void set_read_only(const std::string& reason);
  bool read_only() const { return !read_only_reason_.empty(); }

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT: a false return (with *error set) or a
  // failed COMMIT rolls everything back; the hook runs after COMMIT.
  bool transaction(const std::function<bool(std::string* error)>& body, std::string* error);

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
  bool refuse_write(std::string* error) const;

  std::function<void()> after_commit_;
  std::string read_only_reason_;
};

// A text column as a string ("" for NULL), embedded NUL bytes kept.
std::string column_text(sqlite3_stmt* stmt, int column);

}  // namespace fl::store

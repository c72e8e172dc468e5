#include "store/database.h"

#include <sqlite3.h>

#include "store/migrations.h"

namespace fl::store {

namespace {

std::string message_of(sqlite3* db) { return db ? sqlite3_errmsg(db) : "out of memory"; }

// RAII prepared statement.
struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr); }
  ~Statement() { sqlite3_finalize(stmt); }
};

}  // namespace

std::unique_ptr<Database> Database::open(const std::string& path, std::string* error) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    if (error) *error = "cannot open progress database " + path + ": " + message_of(db);
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 2000);
  std::unique_ptr<Database> result(new Database(db));
  std::string why;
  if (!result->migrate(&why)) {
    if (error) *error = "progress database " + path + ": " + why;
    return nullptr;
  }
  return result;
}

Database::~Database() { sqlite3_close(db_); }

int Database::current_schema_version() { return static_cast<int>(migrations().size()); }

int Database::schema_version() const {
  Statement s(db_, "PRAGMA user_version");
  if (!s.stmt || sqlite3_step(s.stmt) != SQLITE_ROW) return -1;
  return sqlite3_column_int(s.stmt, 0);
}

bool Database::migrate(std::string* error) {
  int version = schema_version();
  if (version < 0) {
    if (error) *error = "not a SQLite database (" + message_of(db_) + ")";
    return false;
  }
  int target = current_schema_version();
  if (version > target) {
    if (error)
      *error = "written by a newer Faultline (schema " + std::to_string(version) + ", this one knows up to " +
               std::to_string(target) + ")";
    return false;
  }
  for (int v = version; v < target; ++v) {
    std::string sql(migrations()[static_cast<std::size_t>(v)]);
    sql += "\nPRAGMA user_version = " + std::to_string(v + 1) + ";";
    std::string why;
    if (!exec_transaction(sql, &why)) {
      if (error) *error = "migration to schema " + std::to_string(v + 1) + " failed: " + why;
      return false;
    }
  }
  return true;
}

void Database::set_read_only(const std::string& reason) {
  read_only_reason_ = reason;
  sqlite3_exec(db_, reason.empty() ? "PRAGMA query_only = 0" : "PRAGMA query_only = 1", nullptr, nullptr, nullptr);
}

bool Database::refuse_write(std::string* error) const {
  if (read_only_reason_.empty()) return false;
  if (error) *error = read_only_reason_;
  return true;
}

bool Database::transaction(const std::function<bool(std::string*)>& body, std::string* error) {
  if (refuse_write(error)) return false;
  char* msg = nullptr;
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, &msg) != SQLITE_OK) {
    if (error) *error = msg ? msg : message_of(db_);
    sqlite3_free(msg);
    return false;
  }
  if (!body(error) || sqlite3_exec(db_, "COMMIT", nullptr, nullptr, &msg) != SQLITE_OK) {
    if (msg && error) *error = msg;
    sqlite3_free(msg);
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  committed();
  return true;
}

bool Database::exec_transaction(const std::string& sql, std::string* error) {
  if (refuse_write(error)) return false;
  char* msg = nullptr;
  std::string wrapped = "BEGIN IMMEDIATE;\n" + sql + "\nCOMMIT;";
  if (sqlite3_exec(db_, wrapped.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    if (error) *error = msg ? msg : message_of(db_);
    sqlite3_free(msg);
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
  committed();
  return true;
}

std::string column_text(sqlite3_stmt* stmt, int column) {
  const unsigned char* t = sqlite3_column_text(stmt, column);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)))
           : "";
}

bool Database::exec_formatted(char* sql, std::string* error) {
  if (!sql) {
    if (error) *error = "out of memory";
    return false;
  }
  bool ok = exec_transaction(sql, error);
  sqlite3_free(sql);
  return ok;
}

void Database::committed() {
  if (after_commit_) after_commit_();
}

std::optional<std::string> Database::setting(const std::string& key) const {
  Statement s(db_, "SELECT value FROM settings WHERE key = ?1");
  if (!s.stmt) return std::nullopt;
  sqlite3_bind_text(s.stmt, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.stmt) != SQLITE_ROW) return std::nullopt;
  const unsigned char* text = sqlite3_column_text(s.stmt, 0);
  return std::string(text ? reinterpret_cast<const char*>(text) : "");
}

bool Database::set_setting(const std::string& key, const std::string& value, std::string* error) {
  if (refuse_write(error)) return false;
  Statement s(db_, "INSERT INTO settings(key, value) VALUES (?1, ?2) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!s.stmt) {
    if (error) *error = message_of(db_);
    return false;
  }
  sqlite3_bind_text(s.stmt, 1, key.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.stmt, 2, value.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.stmt) != SQLITE_DONE) {  // autocommit: one statement, one transaction
    if (error) *error = message_of(db_);
    return false;
  }
  committed();
  return true;
}

}  // namespace fl::store

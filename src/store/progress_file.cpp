#include "store/progress_file.h"

#include <sqlite3.h>

#include <cctype>
#include <limits>
#include <optional>
#include <vector>

#include "base/json_file.h"

namespace fl::store {

namespace {

// A column's storage class by SQLite's affinity rules (the declared type names it).
enum class ColumnKind { integer, real, text };

struct FileColumn {
  std::string name;
  ColumnKind kind = ColumnKind::text;
  bool not_null = false;
  bool has_default = false;
};

struct FileTable {
  std::string name;
  std::vector<FileColumn> columns;
  int row_id_column = -1;  // the INTEGER PRIMARY KEY (an alias of the rowid), if any

  const FileColumn* column(const std::string& column_name) const {
    for (const FileColumn& c : columns)
      if (c.name == column_name) return &c;
    return nullptr;
  }
};

// RAII prepared statement (named apart from database.cpp's for unity builds).
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  Prepared(sqlite3* db, const std::string& sql) { sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr); }
  ~Prepared() { sqlite3_finalize(stmt); }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;
};

std::string sql_name(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

ColumnKind kind_of(std::string declared) {
  for (char& c : declared) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (declared.find("INT") != std::string::npos) return ColumnKind::integer;
  if (declared.find("CHAR") != std::string::npos || declared.find("CLOB") != std::string::npos ||
      declared.find("TEXT") != std::string::npos)
    return ColumnKind::text;
  if (declared.find("REAL") != std::string::npos || declared.find("FLOA") != std::string::npos ||
      declared.find("DOUB") != std::string::npos)
    return ColumnKind::real;
  return ColumnKind::text;
}

// The learner's tables of `db` (not SQLite's own), by name.
std::vector<FileTable> progress_tables(const Database& db) {
  std::vector<FileTable> tables;
  {
    Prepared list(db.handle(),
                  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                  "ORDER BY name");
    while (list.stmt && sqlite3_step(list.stmt) == SQLITE_ROW) tables.push_back({column_text(list.stmt, 0), {}, -1});
  }
  for (FileTable& t : tables) {
    Prepared info(db.handle(), "PRAGMA table_info(" + sql_name(t.name) + ")");
    int key_columns = 0, integer_key = -1;
    while (info.stmt && sqlite3_step(info.stmt) == SQLITE_ROW) {
      FileColumn c;
      c.name = column_text(info.stmt, 1);
      const std::string declared = column_text(info.stmt, 2);
      c.kind = kind_of(declared);
      c.not_null = sqlite3_column_int(info.stmt, 3) != 0;
      c.has_default = sqlite3_column_type(info.stmt, 4) != SQLITE_NULL;
      if (sqlite3_column_int(info.stmt, 5) > 0) {
        ++key_columns;
        if (declared == "INTEGER") integer_key = static_cast<int>(t.columns.size());
      }
      t.columns.push_back(std::move(c));
    }
    if (key_columns == 1) t.row_id_column = integer_key;
  }
  return tables;
}

const char* kind_name(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::integer: return "an integer";
    case ColumnKind::real: return "a number";
    case ColumnKind::text: return "a string";
  }
  return "a value";
}

bool fits(const Json& value, ColumnKind kind) {
  switch (kind) {
    case ColumnKind::integer:
      return value.is_number_integer() &&
             (!value.is_number_unsigned() ||
              value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    case ColumnKind::real: return value.is_number();
    case ColumnKind::text: return value.is_string();
  }
  return false;
}

std::optional<std::int64_t> integer_field(JsonReader& reader, const Json& doc, const char* key) {
  const std::string pointer = json_pointer("", key);
  if (!doc.contains(key)) {
    reader.error(pointer, "missing");
    return std::nullopt;
  }
  if (!fits(doc[key], ColumnKind::integer)) {
    reader.error(pointer, "expected an integer, got " + json_type_name(doc[key]));
    return std::nullopt;
  }
  return doc[key].get<std::int64_t>();
}

// Checks the whole document; every problem goes to the reader's diagnostics.
void validate(const Json& doc, const std::vector<FileTable>& tables, JsonReader& reader) {
  if (!doc.is_object()) {
    reader.error("", "expected a JSON object (a Faultline progress file), got " + json_type_name(doc));
    return;
  }
  reader.reject_unknown_keys(doc, "", {"format", "version", "schema", "exported_at", "tables"});
  if (auto format = reader.string(doc, "", "format"); format && *format != kProgressFormat)
    reader.error("/format", "not a Faultline progress file (expected \"" + std::string(kProgressFormat) + "\", got \"" +
                                *format + "\")");
  if (auto version = integer_field(reader, doc, "version")) {
    if (*version > kProgressFormatVersion)
      reader.error("/version", "written by a newer Faultline (format version " + std::to_string(*version) +
                                   "; this one reads up to " + std::to_string(kProgressFormatVersion) + ")");
    else if (*version < 1)
      reader.error("/version", "must be at least 1");
  }
  if (auto schema = integer_field(reader, doc, "schema")) {
    if (*schema > Database::current_schema_version())
      reader.error("/schema", "written by a newer Faultline (schema " + std::to_string(*schema) +
                                  "; this one knows up to " + std::to_string(Database::current_schema_version()) + ")");
    else if (*schema < 1)
      reader.error("/schema", "must be at least 1");
  }
  if (doc.contains("exported_at")) integer_field(reader, doc, "exported_at");
  const Json* file_tables = reader.object(doc, "", "tables");
  if (!file_tables) return;
  for (const auto& [name, rows] : file_tables->items()) {
    const std::string table_pointer = json_pointer("/tables", name);
    const FileTable* table = nullptr;
    for (const FileTable& t : tables)
      if (t.name == name) table = &t;
    if (!table) {
      reader.error(table_pointer, "no such table in this Faultline's progress database");
      continue;
    }
    if (!rows.is_array()) {
      reader.error(table_pointer, "expected an array of rows, got " + json_type_name(rows));
      continue;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Json& row = rows[i];
      const std::string row_pointer = json_pointer(table_pointer, i);
      if (!row.is_object()) {
        reader.error(row_pointer, "expected an object (one row), got " + json_type_name(row));
        continue;
      }
      for (const auto& [column_name, value] : row.items()) {
        const FileColumn* column = table->column(column_name);
        const std::string pointer = json_pointer(row_pointer, column_name);
        if (!column)
          reader.error(pointer, "no such column in table " + name);
        else if (value.is_null() ? column->not_null : !fits(value, column->kind))
          reader.error(pointer, std::string("expected ") + kind_name(column->kind) + ", got " + json_type_name(value));
      }
      for (std::size_t c = 0; c < table->columns.size(); ++c) {
        const FileColumn& column = table->columns[c];
        const bool row_id = static_cast<int>(c) == table->row_id_column;  // absent: a fresh id
        if (column.not_null && !column.has_default && !row_id && !row.contains(column.name))
          reader.error(row_pointer, "missing column " + column.name);
      }
    }
  }
}

void bind(sqlite3_stmt* stmt, int index, const Json& value) {
  if (value.is_null())
    sqlite3_bind_null(stmt, index);
  else if (value.is_number_integer())
    sqlite3_bind_int64(stmt, index, value.get<std::int64_t>());
  else if (value.is_number())
    sqlite3_bind_double(stmt, index, value.get<double>());
  else {
    const std::string& text = value.get_ref<const std::string&>();
    sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
}

std::string sqlite_error(const Database& db) { return sqlite3_errmsg(db.handle()); }

// Writes one row. Merge: a table keyed by a rowid alias (quiz attempts, submissions) gets
// new ids and skips rows equal in every other column; other tables keep the local row on a
// key conflict. Returns false with *error on an SQLite failure.
bool write_row(Database& db, const FileTable& table, const Json& row, ImportMode mode, ImportCounts& counts,
               std::string* error) {
  std::vector<std::pair<std::string, const Json*>> values;
  for (const auto& [name, value] : row.items()) {
    const bool row_id = table.row_id_column >= 0 && table.columns[static_cast<std::size_t>(table.row_id_column)].name == name;
    if (!(row_id && mode == ImportMode::merge)) values.emplace_back(name, &value);
  }
  if (mode == ImportMode::merge && table.row_id_column >= 0) {
    std::string sql = "SELECT 1 FROM " + sql_name(table.name) + " WHERE 1";
    for (std::size_t i = 0; i < values.size(); ++i) sql += " AND " + sql_name(values[i].first) + " IS ?" + std::to_string(i + 1);
    Prepared find(db.handle(), sql);
    if (!find.stmt) {
      if (error) *error = sqlite_error(db);
      return false;
    }
    for (std::size_t i = 0; i < values.size(); ++i) bind(find.stmt, static_cast<int>(i + 1), *values[i].second);
    if (sqlite3_step(find.stmt) == SQLITE_ROW) {
      ++counts.skipped;
      return true;
    }
  }
  std::string sql = std::string(mode == ImportMode::merge ? "INSERT OR IGNORE INTO " : "INSERT INTO ") + sql_name(table.name);
  if (values.empty()) {
    sql += " DEFAULT VALUES";
  } else {
    std::string names, params;
    for (std::size_t i = 0; i < values.size(); ++i) {
      names += (i ? ", " : "") + sql_name(values[i].first);
      params += (i ? ", ?" : "?") + std::to_string(i + 1);
    }
    sql += " (" + names + ") VALUES (" + params + ")";
  }
  Prepared insert(db.handle(), sql);
  if (!insert.stmt) {
    if (error) *error = sqlite_error(db);
    return false;
  }
  for (std::size_t i = 0; i < values.size(); ++i) bind(insert.stmt, static_cast<int>(i + 1), *values[i].second);
  if (sqlite3_step(insert.stmt) != SQLITE_DONE) {
    if (error) *error = sqlite_error(db);
    return false;
  }
  if (sqlite3_changes(db.handle()) > 0)
    ++counts.added;
  else
    ++counts.skipped;
  return true;
}

bool delete_all(Database& db, const std::vector<FileTable>& tables, std::string* error) {
  for (const FileTable& t : tables) {
    const std::string sql = "DELETE FROM " + sql_name(t.name);
    char* msg = nullptr;
    if (sqlite3_exec(db.handle(), sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      if (error) *error = msg ? msg : sqlite_error(db);
      sqlite3_free(msg);
      return false;
    }
  }
  return true;
}

}  // namespace

std::string export_progress(const Database& db, std::int64_t exported_at) {
  Json doc = Json::object();
  doc["format"] = kProgressFormat;
  doc["version"] = kProgressFormatVersion;
  doc["schema"] = db.schema_version();
  doc["exported_at"] = exported_at;
  Json tables = Json::object();
  for (const FileTable& t : progress_tables(db)) {
    Json rows = Json::array();
    Prepared select(db.handle(), "SELECT * FROM " + sql_name(t.name) + " ORDER BY rowid");
    while (select.stmt && sqlite3_step(select.stmt) == SQLITE_ROW) {
      Json row = Json::object();
      for (int i = 0; i < sqlite3_column_count(select.stmt); ++i) {
        const std::string name = sqlite3_column_name(select.stmt, i);
        switch (sqlite3_column_type(select.stmt, i)) {
          case SQLITE_INTEGER: row[name] = static_cast<std::int64_t>(sqlite3_column_int64(select.stmt, i)); break;
          case SQLITE_FLOAT: row[name] = sqlite3_column_double(select.stmt, i); break;
          case SQLITE_NULL: row[name] = nullptr; break;
          default: row[name] = column_text(select.stmt, i); break;
        }
      }
      rows.push_back(std::move(row));
    }
    tables[t.name] = std::move(rows);
  }
  doc["tables"] = std::move(tables);
  return doc.dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
}

bool import_progress(Database& db, std::string_view text, const std::string& source, ImportMode mode,
                     ImportCounts* counts, std::string* error) {
  Diagnostics diags;
  const std::optional<Json> doc = parse_json(std::string(text), source, diags);
  const std::vector<FileTable> tables = progress_tables(db);
  if (doc) {
    JsonReader reader(source, diags);
    validate(*doc, tables, reader);
  }
  if (!doc || diags.has_errors()) {
    if (error) *error = diags.to_string();
    return false;
  }
  ImportCounts written;
  std::string why;
  const bool ok = db.transaction(
      [&](std::string* body_error) {
        if (mode == ImportMode::replace && !delete_all(db, tables, body_error)) return false;
        for (const auto& [name, rows] : (*doc)["tables"].items()) {
          const FileTable* table = nullptr;
          for (const FileTable& t : tables)
            if (t.name == name) table = &t;
          for (std::size_t i = 0; i < rows.size(); ++i) {
            std::string row_error;
            if (!write_row(db, *table, rows[i], mode, written, &row_error)) {
              if (body_error) *body_error = json_pointer(json_pointer("/tables", name), i) + ": " + row_error;
              return false;
            }
          }
        }
        return true;
      },
      &why);
  if (!ok) {
    if (error) *error = source + ": " + why + " (nothing was imported)";
    return false;
  }
  if (counts) *counts = written;
  return true;
}

bool erase_progress(Database& db, std::string* error) {
  const std::vector<FileTable> tables = progress_tables(db);
  return db.transaction([&](std::string* body_error) { return delete_all(db, tables, body_error); }, error);
}

}  // namespace fl::store

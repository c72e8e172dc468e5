#pragma once
// The progress file: every record of a progress database as one JSON document. The browser's
// "Your data" exports and imports it, the CLI writes and reads it (`faultline progress`).
// Format (docs/progress-format.md): {"format": "faultline-progress", "version": 1,
// "schema": N, "exported_at": SECONDS, "tables": {TABLE: [{COLUMN: VALUE, ...}, ...]}} with
// one entry per table of schema N, rows in the order they were written. Tables are read from
// the database itself, so a table a later schema adds is exported without a change here.
#include <cstdint>
#include <string>
#include <string_view>

#include "store/database.h"

namespace fl::store {

inline constexpr std::string_view kProgressFormat = "faultline-progress";
inline constexpr int kProgressFormatVersion = 1;

// The whole database as a progress file (pretty-printed JSON, ends with a newline). Text that
// is not valid UTF-8 is written with U+FFFD in place of the bad bytes. `exported_at` is
// wall-clock seconds from the caller (never part of a grade).
std::string export_progress(const Database& db, std::int64_t exported_at);

enum class ImportMode {
  merge,    // keep every local record and add the file's new ones (local settings win)
  replace,  // the file's records replace everything
};

struct ImportCounts {
  int added = 0;    // rows written
  int skipped = 0;  // rows already present (merge)
};

// Validates all of `text` (a progress file named `source` in messages) against this
// database's schema, then writes it in one transaction. On any problem nothing changes and
// *error lists the problems, each naming the file and the place ("progress.json:
// /tables/quiz_attempts/2/seed: error: expected an integer, got a string").
bool import_progress(Database& db, std::string_view text, const std::string& source, ImportMode mode,
                     ImportCounts* counts, std::string* error);

// Deletes every record of every table in one transaction (the schema stays).
bool erase_progress(Database& db, std::string* error);

}  // namespace fl::store

#include "store/migrations.h"

#include <array>

namespace fl::store {

namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE lesson_visits (
  lesson_id  TEXT NOT NULL,
  visited_at INTEGER NOT NULL,  -- wall-clock seconds, UI only (never feeds a grade)
  PRIMARY KEY (lesson_id, visited_at)
);
)sql";

constexpr std::array<std::string_view, 1> kMigrations = {kV1};

}  // namespace

std::span<const std::string_view> migrations() { return kMigrations; }

}  // namespace fl::store

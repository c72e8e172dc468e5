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

// v2: graded lab submissions (the CLI's `grade --db`, the app's Submit).
constexpr std::string_view kV2 = R"sql(
CREATE TABLE submissions (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  lab_id       TEXT NOT NULL,
  solution     TEXT NOT NULL,     -- the path as given on the command line, or "editor"
  code         TEXT NOT NULL,
  status       TEXT NOT NULL,     -- pass | fail | error
  score        REAL NOT NULL,
  max_score    REAL NOT NULL,
  lab_hash     TEXT NOT NULL,
  trace_digest TEXT NOT NULL,
  results      TEXT NOT NULL,     -- the results JSON (Exercism shape)
  submitted_at INTEGER NOT NULL   -- wall-clock seconds, from the caller (never feeds a grade)
);
CREATE INDEX submissions_by_lab ON submissions (lab_id, submitted_at);
)sql";

// v3: quiz and module-test attempts. One row per attempt; `state` is the quiz engine's own
// JSON (seed, presented order, picks), so an attempt in progress survives a reload and a
// finished one stays reviewable. Score columns duplicate the state for summaries without JSON.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE quiz_attempts (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  quiz_id        TEXT NOT NULL,     -- outline item id ("q1-auth", "module-test")
  seed           INTEGER NOT NULL,  -- the shuffle seed (a uint64 stored bit for bit)
  state          TEXT NOT NULL,     -- course::Attempt::to_json()
  submitted      INTEGER NOT NULL DEFAULT 0,
  earned_units   INTEGER NOT NULL DEFAULT 0,  -- sixtieths of a point (course::kPointUnits)
  possible_units INTEGER NOT NULL DEFAULT 0,
  passed         INTEGER NOT NULL DEFAULT 0,
  started_at     INTEGER NOT NULL,  -- wall-clock seconds, UI only
  submitted_at   INTEGER            -- NULL while in progress
);
CREATE INDEX quiz_attempts_by_quiz ON quiz_attempts (quiz_id, id);
)sql";

constexpr std::array<std::string_view, 3> kMigrations = {kV1, kV2, kV3};

}  // namespace

std::span<const std::string_view> migrations() { return kMigrations; }

}  // namespace fl::store

#pragma once
// Quiz and module-test attempts (schema v3). The store keeps the quiz engine's JSON state as
// an opaque text plus the score columns the navigation marks need; it knows nothing of the
// quiz model, so the core layers stay independent. Wall-clock times come from the caller.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "store/database.h"

namespace fl::store {

struct AttemptRow {
  std::int64_t id = 0;
  std::string quiz_id;
  std::uint64_t seed = 0;
  std::string state;  // course::Attempt::to_json(), serialised
  bool submitted = false;
  std::int64_t earned_units = 0, possible_units = 0;
  bool passed = false;
  std::int64_t started_at = 0, submitted_at = 0;
};

// Inserts a new in-progress attempt; returns its id, or 0 with *error set.
std::int64_t insert_attempt(Database& db, const std::string& quiz_id, std::uint64_t seed, const std::string& state,
                            std::int64_t started_at, std::string* error);
// Replaces the state of an attempt still in progress (answers picked so far). Fails for a
// submitted attempt: a finished attempt is never rewritten.
bool update_attempt(Database& db, std::int64_t id, const std::string& state, std::string* error);
// Records the submission: final state and score.
bool finish_attempt(Database& db, std::int64_t id, const std::string& state, std::int64_t earned_units,
                    std::int64_t possible_units, bool passed, std::int64_t submitted_at, std::string* error);

// The most recent attempt of `quiz_id` (in progress or submitted), if any.
std::optional<AttemptRow> latest_attempt(const Database& db, const std::string& quiz_id);

// What the navigation and progress views show per quiz: submitted attempts only.
struct QuizSummary {
  int attempts = 0;  // submitted
  std::int64_t best_earned_units = 0, best_possible_units = 0;  // best by fraction
  bool passed = false;  // any submitted attempt passed
  double best_fraction() const {
    return best_possible_units ? static_cast<double>(best_earned_units) / static_cast<double>(best_possible_units) : 0;
  }
};
std::map<std::string, QuizSummary> quiz_summaries(const Database& db);

}  // namespace fl::store

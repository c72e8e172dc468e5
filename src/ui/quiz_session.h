#pragma once
// A quiz or the module test as the UI holds it: the current Attempt (in progress or
// submitted), restored from the progress store when a quiz opens and written back on every
// answer, so a reload loses nothing. Pure logic (no ImGui): unit-tested in tests/unit/ui.
#include <cstdint>
#include <optional>
#include <string>

#include "course/quiz_engine.h"
#include "store/database.h"

namespace fl::ui {

struct QuizSession {
  std::optional<course::Attempt> attempt;
  std::int64_t row = 0;  // quiz_attempts.id; 0 while nothing is stored (no answer yet)
  std::string error;     // the last store or restore problem, for the view
};

// The latest stored attempt of `quiz` (in progress: answers restored; submitted: its review),
// or a fresh one shuffled from `fresh_seed` that is stored only once answered. `db` may be null.
QuizSession open_session(const course::Quiz& quiz, store::Database* db, std::uint64_t fresh_seed);

// Flips an option (single-answer: picks it) and stores the attempt. False if nothing changed.
bool answer(QuizSession& session, store::Database* db, std::size_t question, std::size_t option, std::int64_t now);
// Scores and locks the attempt and stores the result.
bool submit(QuizSession& session, store::Database* db, std::int64_t now);
// A new attempt with a new shuffle, stored at once so that a reload shows the retake.
void retake(QuizSession& session, const course::Quiz& quiz, store::Database* db, std::uint64_t seed, std::int64_t now);

// A seed from whatever varies (wall clock, a counter): mixed so that close inputs differ widely.
std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b);

}  // namespace fl::ui

#include "ui/quiz_session.h"

#include "store/attempts.h"

namespace fl::ui {

namespace {

std::string state_text(const course::Attempt& a) { return a.to_json().dump(); }

// Writes the attempt's current state: inserts the row on the first answer.
bool store_state(QuizSession& s, store::Database* db, std::int64_t now) {
  if (!db || !s.attempt) return true;
  std::string error;
  const std::string state = state_text(*s.attempt);
  bool ok = s.row == 0 ? (s.row = store::insert_attempt(*db, s.attempt->quiz_id(), s.attempt->seed(), state, now,
                                                         &error)) != 0
                       : store::update_attempt(*db, s.row, state, &error);
  s.error = ok ? "" : error;
  return ok;
}

}  // namespace

QuizSession open_session(const course::Quiz& quiz, store::Database* db, std::uint64_t fresh_seed) {
  QuizSession s;
  if (db) {
    if (auto row = store::latest_attempt(*db, quiz.id)) {
      auto json = nlohmann::json::parse(row->state, nullptr, /*allow_exceptions=*/false);
      std::string error = "the saved state is not JSON";
      if (!json.is_discarded())
        if (auto restored = course::Attempt::from_json(quiz, json, &error)) {
          s.attempt = std::move(*restored);
          s.row = row->id;
          return s;
        }
      // The quiz changed under the saved attempt (should not happen: ids are stable). Start
      // afresh rather than show a broken attempt; the old row stays in the store.
      s.error = "Your last attempt could not be restored (" + error + "); a new one has started.";
    }
  }
  s.attempt = course::Attempt::start(quiz, fresh_seed);
  return s;
}

bool answer(QuizSession& s, store::Database* db, std::size_t question, std::size_t option, std::int64_t now) {
  if (!s.attempt || !s.attempt->toggle(question, option)) return false;
  store_state(s, db, now);
  return true;
}

bool submit(QuizSession& s, store::Database* db, std::int64_t now) {
  if (!s.attempt || s.attempt->submitted()) return false;
  if (s.row == 0 && !store_state(s, db, now)) return false;  // submitted without any answer
  const course::AttemptResult& r = s.attempt->submit();
  if (db) {
    std::string error;
    if (!store::finish_attempt(*db, s.row, state_text(*s.attempt), r.earned.units, r.possible.units, r.passed, now,
                               &error))
      s.error = error;
  }
  return true;
}

void retake(QuizSession& s, const course::Quiz& quiz, store::Database* db, std::uint64_t seed, std::int64_t now) {
  s.attempt = course::Attempt::start(quiz, seed);
  s.row = 0;
  s.error.clear();
  store_state(s, db, now);
}

std::uint64_t mix_seed(std::uint64_t a, std::uint64_t b) {
  course::SplitMix64 rng(a ^ (b * 0x9E3779B97F4A7C15ull));
  return rng.next();
}

}  // namespace fl::ui

#include "ui/quiz_session.h"

#include <catch2/catch.hpp>

#include "store/attempts.h"

using namespace fl;

namespace {

course::Quiz sample_quiz() {
  const std::string text = R"({
    "id": "q1", "title": "Quiz", "pass_mark": 0.5,
    "questions": [
      {"id": "q1-a", "kind": "single", "prompt": "Pick b", "explanation": "b is right",
       "options": [{"id": "a", "text": "A", "correct": false, "feedback": "no"},
                   {"id": "b", "text": "B", "correct": true, "feedback": "yes"},
                   {"id": "c", "text": "C", "correct": false, "feedback": "no"}]},
      {"id": "q1-b", "kind": "multiple", "prompt": "Pick x and y", "explanation": "both",
       "options": [{"id": "x", "text": "X", "correct": true, "feedback": "yes"},
                   {"id": "y", "text": "Y", "correct": true, "feedback": "yes"},
                   {"id": "z", "text": "Z", "correct": false, "feedback": "no"}]}
    ]})";
  Diagnostics diags;
  auto quiz = course::parse_quiz(text, "q1.json", course::QuizRole::quiz, diags);
  REQUIRE(quiz);
  return *quiz;
}

// The presented index of option `id` in question `q`.
std::size_t index_of(const course::Attempt& a, std::size_t q, const std::string& id) {
  const auto& options = a.questions()[q].options;
  for (std::size_t i = 0; i < options.size(); ++i)
    if (options[i].id == id) return i;
  FAIL("no option " << id);
  return 0;
}

}  // namespace

TEST_CASE("a fresh quiz is stored only once answered, and answers survive reopening") {
  const course::Quiz quiz = sample_quiz();
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);

  ui::QuizSession s = ui::open_session(quiz, db.get(), 42);
  REQUIRE(s.attempt);
  CHECK(s.row == 0);
  CHECK_FALSE(store::latest_attempt(*db, "q1"));

  REQUIRE(ui::answer(s, db.get(), 0, index_of(*s.attempt, 0, "b"), 10));
  CHECK(s.row > 0);
  REQUIRE(ui::answer(s, db.get(), 1, index_of(*s.attempt, 1, "x"), 11));

  // A reload: the same order (recorded seed) and the same picks.
  ui::QuizSession again = ui::open_session(quiz, db.get(), 999);
  REQUIRE(again.attempt);
  CHECK(again.row == s.row);
  CHECK(again.attempt->seed() == 42);
  CHECK_FALSE(again.attempt->submitted());
  CHECK(again.attempt->picked(0, index_of(*again.attempt, 0, "b")));
  CHECK(again.attempt->picked(1, index_of(*again.attempt, 1, "x")));
  CHECK_FALSE(again.attempt->picked(1, index_of(*again.attempt, 1, "y")));
  for (std::size_t q = 0; q < 2; ++q)
    for (std::size_t o = 0; o < 3; ++o)
      CHECK(again.attempt->questions()[q].options[o].id == s.attempt->questions()[q].options[o].id);
}

TEST_CASE("submitting stores the score; reopening shows the review; a retake starts afresh") {
  const course::Quiz quiz = sample_quiz();
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);
  ui::QuizSession s = ui::open_session(quiz, db.get(), 7);
  REQUIRE(ui::answer(s, db.get(), 0, index_of(*s.attempt, 0, "b"), 1));
  REQUIRE(ui::submit(s, db.get(), 2));
  CHECK(s.error.empty());
  CHECK_FALSE(ui::answer(s, db.get(), 1, 0, 3));  // locked once submitted
  CHECK_FALSE(ui::submit(s, db.get(), 3));

  auto summaries = store::quiz_summaries(*db);
  REQUIRE(summaries.count("q1"));
  CHECK(summaries["q1"].attempts == 1);
  CHECK(summaries["q1"].best_earned_units == course::kPointUnits);  // 1 of 2 questions
  CHECK(summaries["q1"].passed);  // 50 % pass mark

  ui::QuizSession reopened = ui::open_session(quiz, db.get(), 8);
  REQUIRE(reopened.attempt);
  REQUIRE(reopened.attempt->submitted());
  CHECK(reopened.attempt->result()->earned.units == course::kPointUnits);
  CHECK(reopened.attempt->result()->questions[0].full_marks());

  ui::retake(reopened, quiz, db.get(), 9, 4);
  CHECK_FALSE(reopened.attempt->submitted());
  CHECK(reopened.attempt->answered_count() == 0);
  CHECK(reopened.row != s.row);
  ui::QuizSession after_reload = ui::open_session(quiz, db.get(), 10);
  CHECK(after_reload.attempt->seed() == 9);
  CHECK_FALSE(after_reload.attempt->submitted());
}

TEST_CASE("submitting with no answer stores a zero score; no database still works") {
  const course::Quiz quiz = sample_quiz();
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);
  ui::QuizSession s = ui::open_session(quiz, db.get(), 1);
  REQUIRE(ui::submit(s, db.get(), 5));
  CHECK(store::quiz_summaries(*db)["q1"].best_earned_units == 0);
  CHECK_FALSE(store::quiz_summaries(*db)["q1"].passed);

  ui::QuizSession memory_only = ui::open_session(quiz, nullptr, 3);
  REQUIRE(ui::answer(memory_only, nullptr, 0, 0, 1));
  REQUIRE(ui::submit(memory_only, nullptr, 2));
  CHECK(memory_only.attempt->submitted());
}

TEST_CASE("seeds from close inputs differ") {
  CHECK(ui::mix_seed(1, 1) != ui::mix_seed(1, 2));
  CHECK(ui::mix_seed(1, 1) != ui::mix_seed(2, 1));
  CHECK(ui::mix_seed(5, 6) == ui::mix_seed(5, 6));
}

// The length-cue lint: `faultline check` warns when a quiz's correct option is too often the
// longest, so that a learner cannot pass by picking the longest option.
#include <catch2/catch.hpp>

#include "course/course_check.h"
#include "course/quiz_lint.h"

using namespace fl;
using namespace fl::course;

namespace {

// A single-answer question whose correct option is `correct_len` characters long and whose
// three distractors are `other_len` long.
Question sized_question(const std::string& id, std::size_t correct_len, std::size_t other_len) {
  Question q;
  q.id = id;
  q.kind = QuestionKind::single;
  q.prompt = "Which one?";
  q.explanation = "Because.";
  const char* ids[] = {"a", "b", "c", "d"};
  for (int i = 0; i < 4; ++i) {
    Option o;
    o.id = ids[i];
    o.correct = i == 1;
    o.text = std::string(o.correct ? correct_len : other_len, 'x');
    o.feedback = "Why.";
    q.options.push_back(o);
  }
  return q;
}

Quiz quiz_with(const std::vector<Question>& questions) {
  Quiz quiz;
  quiz.id = "q1";
  quiz.title = "Quiz 1";
  quiz.questions = questions;
  return quiz;
}

Course course_with(const Quiz& quiz) {
  Course c;
  OutlineItem item;
  item.kind = ItemKind::quiz;
  item.id = quiz.id;
  item.title = quiz.title;
  item.file = "quizzes/01-quiz.json";
  c.outline.items.push_back(item);
  c.quizzes[quiz.id] = quiz;
  return c;
}

}  // namespace

TEST_CASE("option length counts code points, not bytes") {
  CHECK(option_length("") == 0);
  CHECK(option_length("Retry-After") == 11);
  CHECK(option_length("×1.3 – 90 %") == 11);  // ×, – are two and three bytes in UTF-8
}

TEST_CASE("the correct option counts as longest when no distractor is longer") {
  auto cue = length_cue(quiz_with({sized_question("longer", 40, 30), sized_question("tie", 30, 30),
                                   sized_question("shorter", 20, 30)}));
  CHECK(cue.judged == 3);
  CHECK(cue.correct_is_longest == std::vector<std::string>{"longer", "tie"});
}

TEST_CASE("retired and multiple-answer questions are not judged") {
  Question retired = sized_question("retired", 50, 10);
  retired.retired = true;
  Question multiple = sized_question("multiple", 50, 10);
  multiple.kind = QuestionKind::multiple;
  auto cue = length_cue(quiz_with({retired, multiple, sized_question("s1", 10, 20)}));
  CHECK(cue.judged == 1);
  CHECK(cue.correct_is_longest.empty());
}

TEST_CASE("a third is allowed, more than a third is too often") {
  std::vector<Question> qs;
  for (int i = 0; i < 6; ++i) qs.push_back(sized_question("q" + std::to_string(i), i < 2 ? 40 : 20, 30));
  CHECK_FALSE(length_cue(quiz_with(qs)).too_often());  // 2 of 6
  qs[2] = sized_question("q2", 40, 30);
  CHECK(length_cue(quiz_with(qs)).too_often());  // 3 of 6
}

TEST_CASE("a file with fewer than three single-answer questions is not judged") {
  CHECK_FALSE(length_cue(quiz_with({sized_question("a", 50, 10), sized_question("b", 50, 10)})).too_often());
}

TEST_CASE("the lint warns once per quiz file, naming the file and the questions") {
  Course c = course_with(quiz_with({sized_question("q1-1", 50, 10), sized_question("q1-2", 50, 10),
                                    sized_question("q1-3", 10, 50)}));
  Diagnostics diags;
  lint_option_lengths(c, diags);
  REQUIRE(diags.items().size() == 1);
  const Diagnostic& d = diags.items()[0];
  CHECK(d.severity == Severity::warning);
  CHECK(d.file == "content/quizzes/01-quiz.json");
  CHECK(d.location == "/questions");
  CHECK_THAT(d.message, Catch::Contains("longest in 2 of 3 single-answer questions"));
  CHECK_THAT(d.message, Catch::Contains("q1-1, q1-2"));

  Diagnostics clean;
  lint_option_lengths(course_with(quiz_with({sized_question("q1-1", 10, 50), sized_question("q1-2", 10, 50),
                                             sized_question("q1-3", 50, 10)})),
                      clean);
  CHECK(clean.items().empty());
}

TEST_CASE("every shipped quiz and the module test pass the length-cue lint") {
  Diagnostics diags;
  auto course = load_course(FL_SOURCE_DIR, diags);
  REQUIRE(course);
  for (const auto& [id, quiz] : course->quizzes) {
    auto cue = length_cue(quiz);
    INFO(id << ": correct option longest in " << cue.correct_is_longest.size() << " of " << cue.judged);
    CHECK_FALSE(cue.too_often());
  }
}

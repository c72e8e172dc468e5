// `faultline check` on the course: the shipped course is clean, and a broken one reports each
// problem with its file and place.
#include <catch2/catch.hpp>

#include "course/course.h"
#include "course/course_check.h"

using namespace fl;
using namespace fl::course;

TEST_CASE("the shipped course checks with no errors and only planned labs as warnings") {
  Diagnostics diags;
  check_course(FL_SOURCE_DIR, diags);
  INFO(diags.to_string());
  CHECK(diags.error_count() == 0);
  for (const auto& d : diags.items()) CHECK_THAT(d.message, Catch::StartsWith("lab \""));
}

TEST_CASE("the shipped course loads: four lessons, four quizzes and the module test") {
  Diagnostics diags;
  auto course = load_course(FL_SOURCE_DIR, diags);
  REQUIRE(course);
  CHECK(course->lessons.size() == 4);
  CHECK(course->quizzes.size() == 5);
  for (const auto& item : course->outline.items) {
    if (item.kind == ItemKind::lab) continue;
    CHECK_FALSE(item.planned);
  }
  const Quiz* test = course->quiz("module-test");
  REQUIRE(test);
  CHECK(test->active_count() == kModuleTestQuestions);
  CHECK(test->pass_mark.per_10000 == 7000);
  const Document* l2 = course->lesson("l2-rate-limits");
  REQUIRE(l2);
  CHECK_FALSE(l2->title().empty());
  for (const auto& [id, quiz] : course->quizzes)
    for (const auto& q : quiz.questions) {
      CHECK(q.options.size() == 4);
      CHECK_FALSE(q.explanation.empty());
    }
}

TEST_CASE("a broken course reports each problem with its file and place") {
  Diagnostics diags;
  check_course(std::string(FL_TEST_DATA_DIR) + "/broken-course", diags);
  std::string all = diags.to_string();
  INFO(all);
  CHECK_THAT(all, Catch::Contains("content/course.json: /items/2: warning: lab \"lab1\" is planned"));
  CHECK_THAT(all, Catch::Contains("content/course.json: /items/3/file: error: references content/lessons/02-missing.md, which does not exist"));
  CHECK_THAT(all, Catch::Contains("content/quizzes/02-quiz.json: /id: error: quiz id \"q2-renamed\" differs from its id in content/course.json (\"q2\")"));
  CHECK_THAT(all, Catch::Contains("content/quizzes/02-quiz.json: /questions/0/id: error: question id \"shared-id\" is also used in content/quizzes/01-quiz.json"));
  CHECK_THAT(all, Catch::Contains("content/quizzes/02-quiz.json: /questions/0/lesson: error: \"no-such-lesson\" is not a lesson id"));
  CHECK_THAT(all, Catch::Contains("content/module-test.json: /questions: error: the module test needs exactly 15 active (not retired) questions, found 3"));
  CHECK_THAT(all, Catch::Contains("content/lessons/01-lesson.md: line 18: error: raw HTML blocks are not supported"));
  CHECK_THAT(all, Catch::Contains("content/lessons/01-lesson.md: line 16: error: Lua syntax error: 'end' expected (to close 'if' at line 14) near <eof>"));
  CHECK(diags.error_count() == 7);
  CHECK(diags.warning_count() == 1);
}

TEST_CASE("a missing course.json is one clear error") {
  Diagnostics diags;
  check_course(std::string(FL_TEST_DATA_DIR) + "/no-such-course", diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].file == "content/course.json");
}

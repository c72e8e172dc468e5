// `faultline check` on the course: the shipped course is clean, and a broken one reports each
// problem with its file and place.
#include <catch2/catch.hpp>

#include "course/course.h"
#include "course/course_check.h"
#include "course/lesson_rules.h"
#include "course/markdown.h"

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

TEST_CASE("lesson rules: one title, UTF-8, safe links, not empty") {
  auto check = [](const std::string& md) {
    Diagnostics d;
    Document doc = parse_markdown(md, "l.md", d);
    check_lesson_rules(md, doc, "l.md", d);
    return d.to_string();
  };
  CHECK(check("# Title\n\nText with [a link](https://example.com) and [a route](#/lesson/2).\n") == "");
  CHECK_THAT(check(""), Catch::Contains("l.md: line 1: error: the lesson is empty"));
  CHECK_THAT(check("Text\n"), Catch::Contains("a lesson needs one `# Title` heading"));
  CHECK_THAT(check("# A\n\n# B\n"), Catch::Contains("l.md: line 3: error: a second `#` title"));
  CHECK_THAT(check("# A\n\n[x](javascript:alert(1))\n"), Catch::Contains("link to \"javascript:alert(1)\" is not allowed"));
  CHECK_THAT(check("# A\n\n| a |\n|---|\n| [x](data:text/html,hi) |\n"), Catch::Contains("link to \"data:text/html,hi\""));
  CHECK_THAT(check("# A\n\nok\n\n\xff\n"), Catch::Contains("l.md: line 5: error: invalid UTF-8"));
}

TEST_CASE("a Lua error in a lesson's code block is placed inside the block") {
  // Lone carriage returns are line breaks to Lua; the place stays within the block.
  std::string md = "# T\n\n```lua\nif x then\r\r\r\r\r\r\r\r\r\r\n```\n";
  Diagnostics d;
  Document doc = parse_markdown(md, "l.md", d);
  check_lua_blocks(doc, "l.md", d);
  REQUIRE(d.error_count() == 1);
  const std::string& place = d.items()[0].location;
  int line = std::stoi(place.substr(5));
  CHECK(line >= 4);
  CHECK(line <= 15);
}

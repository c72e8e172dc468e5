#include "ui/marks.h"

#include <catch2/catch.hpp>

#include "ui/app.h"
#include "ui/page_title.h"

using namespace fl;
using course::ItemKind;
using ui::Mark;

namespace {

ui::AppState course_state() {
  ui::AppState s;
  course::Outline o;
  o.title = "API Integration Patterns";
  o.items = {{ItemKind::lesson, "l1", "Authentication", "lessons/01.md", "", "", false, 1},
             {ItemKind::quiz, "q1", "Quiz: authentication", "quizzes/01.json", "", "", false, 1},
             {ItemKind::lab, "lab1", "Lab: credentials", "", "01-auth", "", false, 1},
             {ItemKind::lesson, "l2", "Rate limits", "lessons/02.md", "", "", false, 2},
             {ItemKind::quiz, "q2", "Quiz: rate limits", "", "", "", true, 2},
             {ItemKind::test, "module-test", "Module test", "module-test.json", "", "", false, 1}};
  s.outline = o;
  return s;
}

const course::OutlineItem& item(const ui::AppState& s, const std::string& id) { return *s.outline->find_id(id); }

store::QuizSummary submitted(std::int64_t earned, std::int64_t possible, bool passed) {
  store::QuizSummary q;
  q.attempts = 1;
  q.best_earned_units = earned;
  q.best_possible_units = possible;
  q.passed = passed;
  return q;
}

}  // namespace

TEST_CASE("a lesson is visited when opened and read when its end was reached") {
  ui::AppState s = course_state();
  CHECK(ui::item_mark(s, item(s, "l1")) == Mark::not_started);
  s.visited_lessons.insert("l1");
  CHECK(ui::item_mark(s, item(s, "l1")) == Mark::visited);
  s.read_lessons.insert("l1");
  CHECK(ui::item_mark(s, item(s, "l1")) == Mark::read);
  CHECK(ui::item_status(s, item(s, "l1")) == "Read");
}

TEST_CASE("a quiz goes in progress, then attempted (amber) or passed; a pass survives a retake") {
  ui::AppState s = course_state();
  CHECK(ui::item_mark(s, item(s, "q1")) == Mark::not_started);
  s.quizzes_in_progress.insert("q1");
  CHECK(ui::item_mark(s, item(s, "q1")) == Mark::in_progress);
  CHECK(ui::item_status(s, item(s, "q1")) == "In progress");
  s.quizzes_in_progress.clear();
  s.quiz_summaries["q1"] = submitted(30, 60 * 9, false);
  CHECK(ui::item_mark(s, item(s, "q1")) == Mark::attempted);
  CHECK(ui::needs_attention(ui::item_mark(s, item(s, "q1"))));
  CHECK(ui::item_status(s, item(s, "q1")) == "Not passed yet \u00b7 best 5%");
  s.quizzes_in_progress.insert("q1");  // retaking after a fail
  CHECK(ui::item_mark(s, item(s, "q1")) == Mark::in_progress);
  CHECK(ui::item_status(s, item(s, "q1")) == "Retaking \u00b7 best 5%");
  s.quiz_summaries["q1"] = submitted(60 * 8, 60 * 9, true);
  CHECK(ui::item_mark(s, item(s, "q1")) == Mark::passed);  // retaking a passed quiz
  CHECK(ui::item_status(s, item(s, "q1")) == "Passed \u00b7 best 88%");
  CHECK(ui::item_mark(s, item(s, "q2")) == Mark::planned);
}

TEST_CASE("the progress summary counts the module test and gives an overall measure") {
  ui::AppState s = course_state();
  ui::ProgressSummary sum = ui::progress_summary(s);
  CHECK(sum.lessons == 2);
  CHECK(sum.quizzes == 1);  // q2 is planned
  CHECK(sum.has_test);
  CHECK(sum.test == Mark::not_started);
  CHECK(sum.counted == 5);  // l1, l2, q1, lab1, the test; planned items are not counted
  CHECK(sum.labs == 1);
  CHECK(sum.percent() == 0);

  s.visited_lessons = {"l1", "l2"};
  s.read_lessons = {"l1"};
  s.quiz_summaries["q1"] = submitted(60, 60, true);
  s.quiz_summaries["module-test"] = submitted(60 * 9, 60 * 15, false);
  sum = ui::progress_summary(s);
  CHECK(sum.lessons_visited == 2);
  CHECK(sum.lessons_read == 1);
  CHECK(sum.quizzes_passed == 1);
  CHECK(sum.test == Mark::attempted);
  CHECK(sum.test_status == "Not passed yet \u00b7 best 60%");
  CHECK(sum.complete == 2);
  CHECK(sum.percent() == 40);
  CHECK(sum.planned == 1);

  s.lab_records["lab1"] = ui::LabRecord{2, true, 13, 13};
  sum = ui::progress_summary(s);
  CHECK(sum.labs_passed == 1);
  CHECK(sum.labs_submitted == 1);
  CHECK(sum.complete == 3);
}

TEST_CASE("a lab is marked by its submissions: attempted until one passes") {
  ui::AppState s = course_state();
  CHECK(ui::item_mark(s, item(s, "lab1")) == Mark::not_started);
  s.lab_records["lab1"] = ui::LabRecord{1, false, 7.5, 13};
  CHECK(ui::item_mark(s, item(s, "lab1")) == Mark::attempted);
  CHECK(ui::item_status(s, item(s, "lab1")) == "Not passed yet \u00b7 best 7.5 of 13 \u00b7 1 submission");
  s.lab_records["lab1"] = ui::LabRecord{3, true, 13, 13};
  CHECK(ui::item_mark(s, item(s, "lab1")) == Mark::passed);
  CHECK(ui::item_status(s, item(s, "lab1")) == "Passed \u00b7 best 13 of 13 \u00b7 3 submissions");
}

TEST_CASE("each route has its own page title") {
  ui::AppState s = course_state();
  CHECK(ui::page_title(s) == "Faultline");  // no route yet
  s.has_route = true;
  s.route_valid = true;
  s.route = ui::Route{ui::Page::item, ItemKind::lesson, 2};
  CHECK(ui::page_title(s) == "Lesson 2: Rate limits \u00b7 Faultline");
  s.route = ui::Route{ui::Page::item, ItemKind::quiz, 1};
  CHECK(ui::page_title(s) == "Quiz 1: Authentication \u00b7 Faultline");
  s.route = ui::Route{ui::Page::item, ItemKind::test, 1};
  CHECK(ui::page_title(s) == "Module test \u00b7 Faultline");
  s.route = ui::Route{ui::Page::progress};
  CHECK(ui::page_title(s) == "Progress \u00b7 Faultline");
  s.route_valid = false;
  CHECK(ui::page_title(s) == "Not found \u00b7 Faultline");
}

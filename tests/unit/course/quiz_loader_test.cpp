// Loading quiz and module-test JSON: every malformed file gives a clear error that names the
// file and the JSON pointer of the offending value.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "course/quiz.h"

using namespace fl;
using namespace fl::course;
using Json = nlohmann::json;

namespace {

Json option(const char* id, bool correct) {
  return {{"id", id}, {"text", std::string("Option ") + id}, {"correct", correct}, {"feedback", "Because."}};
}

Json question(const std::string& id) {
  return {{"id", id},
          {"kind", "single"},
          {"prompt", "Which one?"},
          {"options", {option("a", false), option("b", true), option("c", false), option("d", false)}},
          {"explanation", "B is right."}};
}

Json quiz_json(std::size_t questions = 3) {
  Json q = {{"id", "q1"}, {"title", "Quiz 1"}, {"pass_mark", 0.7}, {"questions", Json::array()}};
  for (std::size_t i = 0; i < questions; ++i) q["questions"].push_back(question("q1-" + std::to_string(i + 1)));
  return q;
}

struct Loaded {
  std::optional<Quiz> quiz;
  Diagnostics diags;
  std::string text() const { return diags.to_string(); }
};

Loaded load(const Json& j, QuizRole role = QuizRole::quiz) {
  Loaded l;
  l.quiz = parse_quiz(j.dump(2), "content/quizzes/01-q.json", role, l.diags);
  return l;
}

// The one error a malformed file should produce, in full.
std::string only_error(const Loaded& l) {
  INFO(l.text());
  CHECK_FALSE(l.quiz);
  CHECK(l.diags.error_count() == 1);
  return l.diags.items().empty() ? "" : l.diags.items()[0].to_string();
}

}  // namespace

TEST_CASE("a well-formed quiz loads every field") {
  Json j = quiz_json();
  j["questions"][1]["kind"] = "multiple";
  j["questions"][1]["scoring"] = "partial";
  j["questions"][1]["options"][3]["correct"] = true;
  j["questions"][2]["lesson"] = "l1-auth";
  j["questions"][2]["retired"] = true;
  auto l = load(j);
  INFO(l.text());
  REQUIRE(l.quiz);
  CHECK(l.diags.items().empty());
  const Quiz& q = *l.quiz;
  CHECK(q.id == "q1");
  CHECK(q.title == "Quiz 1");
  CHECK(q.pass_mark.per_10000 == 7000);
  REQUIRE(q.questions.size() == 3);
  CHECK(q.active_count() == 2);
  CHECK(q.questions[0].kind == QuestionKind::single);
  CHECK(q.questions[1].kind == QuestionKind::multiple);
  CHECK(q.questions[1].scoring == Scoring::partial);
  CHECK(q.questions[1].correct_count() == 2);
  CHECK(q.questions[2].retired);
  CHECK(q.questions[2].lesson == "l1-auth");
  REQUIRE(q.questions[0].options.size() == 4);
  CHECK(q.questions[0].options[1].correct);
  CHECK(q.questions[0].options[1].feedback == "Because.");
  CHECK(q.questions[0].explanation == "B is right.");
  CHECK(q.find("q1-2") == &q.questions[1]);
  CHECK(q.questions[0].find_option("c")->text == "Option c");
}

TEST_CASE("defaults: a quiz without pass_mark uses 0.7; a multiple-answer question without scoring is all or nothing") {
  Json j = quiz_json();
  j.erase("pass_mark");
  j["questions"][0]["kind"] = "multiple";
  j["questions"][0]["options"][0]["correct"] = true;
  auto l = load(j);
  REQUIRE(l.quiz);
  CHECK(l.quiz->pass_mark.per_10000 == 7000);
  CHECK(l.quiz->questions[0].scoring == Scoring::all_or_nothing);
}

TEST_CASE("pass marks are exact fractions in (0, 1] with at most four decimals") {
  Json j = quiz_json();
  j["pass_mark"] = 1;
  REQUIRE(load(j).quiz);
  CHECK(load(j).quiz->pass_mark.per_10000 == 10000);
  j["pass_mark"] = 0.6667;
  CHECK(load(j).quiz->pass_mark.per_10000 == 6667);

  const std::string bounds = "content/quizzes/01-q.json: /pass_mark: error: pass_mark must be greater than 0 and at most 1";
  for (double bad : {0.0, -0.5, 1.5, 70.0}) {
    j["pass_mark"] = bad;
    CHECK_THAT(only_error(load(j)), Catch::StartsWith(bounds));
  }
  j["pass_mark"] = 0.12345;
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /pass_mark: error: pass_mark may have at most four decimal places");
  j["pass_mark"] = "0.7";
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /pass_mark: error: expected a number, found a string");
}

TEST_CASE("syntax errors name the line and column") {
  Loaded l;
  l.quiz = parse_quiz("{\n  \"id\": \"q1\",\n  \"title\": \"x\"\n  \"questions\": []\n}", "content/quizzes/01-q.json",
                      QuizRole::quiz, l.diags);
  CHECK_THAT(only_error(l), Catch::StartsWith("content/quizzes/01-q.json: line 4, column 13: error: invalid JSON"));
}

TEST_CASE("the top level must be an object with id, title and questions") {
  CHECK_THAT(only_error(load(Json::array())), Catch::Contains("01-q.json: error: expected an object"));
  Json j = quiz_json();
  j.erase("questions");
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: error: missing required field \"questions\"");
  j = quiz_json();
  j["title"] = " ";
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /title: error: \"title\" must not be empty");
  j = quiz_json();
  j["id"] = "quiz one";
  CHECK_THAT(only_error(load(j)), Catch::StartsWith("content/quizzes/01-q.json: /id: error: invalid id \"quiz one\""));
  j = quiz_json();
  j["questions"] = Json::array();
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions: error: the quiz has no active (not retired) questions");
}

TEST_CASE("unknown fields are typos, reported where they are") {
  Json j = quiz_json();
  j["questions"][1]["options"][2]["corect"] = true;
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/1/options/2/corect: error: unknown field \"corect\"");
  j = quiz_json();
  j["passmark"] = 0.7;
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /passmark: error: unknown field \"passmark\"");
}

TEST_CASE("question ids are unique, retired questions included") {
  Json j = quiz_json();
  j["questions"][2]["id"] = "q1-1";
  j["questions"][2]["retired"] = true;
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/2/id: error: duplicate question id \"q1-1\"");
}

TEST_CASE("option ids are unique within a question") {
  Json j = quiz_json();
  j["questions"][0]["options"][3]["id"] = "a";
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/0/options/3/id: error: duplicate option id \"a\" in this question");
  // The same option ids in different questions are fine.
  CHECK(load(quiz_json()).quiz);
}

TEST_CASE("a single-answer question has exactly one correct option") {
  Json j = quiz_json();
  j["questions"][1]["options"][0]["correct"] = true;
  CHECK(only_error(load(j)) ==
        "content/quizzes/01-q.json: /questions/1/options: error: a single-answer question needs exactly one correct option, found 2");
  j["questions"][1]["options"][0]["correct"] = false;
  j["questions"][1]["options"][1]["correct"] = false;
  CHECK(only_error(load(j)) ==
        "content/quizzes/01-q.json: /questions/1/options: error: a single-answer question needs exactly one correct option, found 0");
}

TEST_CASE("a multiple-answer question has at least one correct and one incorrect option") {
  Json j = quiz_json();
  j["questions"][0]["kind"] = "multiple";
  for (auto& o : j["questions"][0]["options"]) o["correct"] = true;
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/0/options: error: a multiple-answer question needs at "
                               "least one incorrect option, but every option is correct");
  for (auto& o : j["questions"][0]["options"]) o["correct"] = false;
  CHECK(only_error(load(j)) ==
        "content/quizzes/01-q.json: /questions/0/options: error: a multiple-answer question needs at least one correct option, found none");
}

TEST_CASE("every option has feedback") {
  Json j = quiz_json();
  j["questions"][0]["options"][2].erase("feedback");
  CHECK_THAT(only_error(load(j)),
             Catch::StartsWith("content/quizzes/01-q.json: /questions/0/options/2: error: missing required field \"feedback\""));
  j = quiz_json();
  j["questions"][0]["options"][2]["feedback"] = "";
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/0/options/2/feedback: error: \"feedback\" must not be empty");
}

TEST_CASE("a question has two to six options") {
  Json j = quiz_json();
  j["questions"][0]["options"] = Json::array({option("a", true)});
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/0/options: error: a question needs 2 to 6 options, found 1");
  j["questions"][0]["options"] = Json::array();
  for (const char* id : {"a", "b", "c", "d", "e", "f", "g"}) j["questions"][0]["options"].push_back(option(id, id[0] == 'a'));
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/0/options: error: a question needs 2 to 6 options, found 7");
  j["questions"][0]["options"].erase(6);
  CHECK(load(j).quiz);
}

TEST_CASE("kind and scoring take known values; scoring belongs to multiple-answer questions") {
  Json j = quiz_json();
  j["questions"][0]["kind"] = "essay";
  CHECK(only_error(load(j)) ==
        "content/quizzes/01-q.json: /questions/0/kind: error: unknown kind \"essay\" (expected single or multiple)");
  j = quiz_json();
  j["questions"][0]["kind"] = "multiple";
  j["questions"][0]["scoring"] = "generous";
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/0/scoring: error: unknown scoring \"generous\" "
                               "(expected all_or_nothing or partial)");
  j = quiz_json();
  j["questions"][0]["scoring"] = "partial";
  CHECK(only_error(load(j)) ==
        "content/quizzes/01-q.json: /questions/0/scoring: error: \"scoring\" applies to multiple-answer questions only");
}

TEST_CASE("wrong types are reported with their pointer") {
  Json j = quiz_json();
  j["questions"][0]["options"][1]["correct"] = "true";
  CHECK(only_error(load(j)) ==
        "content/quizzes/01-q.json: /questions/0/options/1/correct: error: expected true or false, found a string");
  j = quiz_json();
  j["questions"][2] = "question?";
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/2: error: expected a question object, found a string");
  j = quiz_json();
  j["questions"][0]["retired"] = "yes";
  CHECK(only_error(load(j)) == "content/quizzes/01-q.json: /questions/0/retired: error: expected true or false, found a string");
}

TEST_CASE("all problems in a file are reported in one run") {
  Json j = quiz_json();
  j["questions"][0]["options"][0]["correct"] = true;
  j["questions"][1]["options"][1].erase("feedback");
  j["questions"][2]["prompt"] = 3;
  auto l = load(j);
  CHECK_FALSE(l.quiz);
  CHECK(l.diags.error_count() == 3);
}

TEST_CASE("the module test has a pass mark and exactly 15 active questions") {
  Json j = quiz_json(15);
  j["id"] = "module-test";
  CHECK(load(j, QuizRole::module_test).quiz);

  Json fourteen = quiz_json(14);
  CHECK(only_error(load(fourteen, QuizRole::module_test)) ==
        "content/quizzes/01-q.json: /questions: error: the module test needs exactly 15 active (not retired) questions, found 14");

  // A retired question does not count, and retiring keeps the id reserved.
  Json sixteen = quiz_json(16);
  sixteen["questions"][3]["retired"] = true;
  auto l = load(sixteen, QuizRole::module_test);
  REQUIRE(l.quiz);
  CHECK(l.quiz->active_count() == 15);

  j.erase("pass_mark");
  CHECK_THAT(only_error(load(j, QuizRole::module_test)),
             Catch::StartsWith("content/quizzes/01-q.json: error: missing required field \"pass_mark\""));
}

TEST_CASE("ids use letters, digits, '-', '_' and '.'") {
  CHECK(is_valid_id("q2-1-retry-after-45"));
  CHECK(is_valid_id("a"));
  CHECK(is_valid_id("mt_01.v2"));
  CHECK_FALSE(is_valid_id(""));
  CHECK_FALSE(is_valid_id("two words"));
  CHECK_FALSE(is_valid_id("q/1"));
  CHECK_FALSE(is_valid_id(std::string(101, 'x')));
}

TEST_CASE("an unreadable quiz file is reported by name") {
  Diagnostics diags;
  CHECK_FALSE(load_quiz("/no/such/file.json", "content/quizzes/09-missing.json", QuizRole::quiz, diags));
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].file == "content/quizzes/09-missing.json");
  CHECK_THAT(diags.items()[0].message, Catch::Contains("cannot read"));
}

#include "store/progress_file.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "store/attempts.h"
#include "store/database.h"
#include "store/progress.h"
#include "store/submissions.h"

using fl::store::Database;
using fl::store::ImportMode;

namespace {

std::unique_ptr<Database> fresh_db() {
  std::string error;
  auto db = Database::open(":memory:", &error);
  REQUIRE(db);
  return db;
}

// A learner's database with one record of every kind.
std::unique_ptr<Database> sample_db() {
  auto db = fresh_db();
  std::string error;
  REQUIRE(db->set_setting("theme", "light", &error));
  REQUIRE(fl::store::record_lesson_visit(*db, "l1-auth", 100, &error));
  const auto id = fl::store::insert_attempt(*db, "q1-auth", 0xfedcba9876543210ull, "{\"picks\":[]}", 200, &error);
  REQUIRE(id > 0);
  REQUIRE(fl::store::finish_attempt(*db, id, "{\"picks\":[1]}", 60, 120, false, 210, &error));
  fl::store::Submission s;
  s.lab_id = "lab2";
  s.solution = "editor";
  s.code = "return 1\n";
  s.status = "pass";
  s.score = 1;
  s.max_score = 1;
  s.lab_hash = "fnv1a64:0";
  s.trace_digest = "fnv1a64:1";
  s.results_json = "{}";
  s.submitted_at = 300;
  REQUIRE(fl::store::add_submission(*db, s, &error));
  return db;
}

}  // namespace

TEST_CASE("a progress export is versioned JSON holding every table") {
  auto db = sample_db();
  const auto doc = nlohmann::json::parse(fl::store::export_progress(*db, 1234));
  CHECK(doc["format"] == "faultline-progress");
  CHECK(doc["version"] == 1);
  CHECK(doc["schema"] == Database::current_schema_version());
  CHECK(doc["exported_at"] == 1234);
  CHECK(doc["tables"]["settings"][0]["value"] == "light");
  CHECK(doc["tables"]["lesson_visits"][0]["lesson_id"] == "l1-auth");
  CHECK(doc["tables"]["quiz_attempts"][0]["passed"] == 0);
  CHECK(doc["tables"]["submissions"][0]["lab_id"] == "lab2");
}

TEST_CASE("an export imported into an empty database reproduces it, seeds bit for bit") {
  auto source = sample_db();
  const std::string file = fl::store::export_progress(*source, 1);
  auto target = fresh_db();
  int commits = 0;
  target->set_after_commit([&] { ++commits; });
  fl::store::ImportCounts counts;
  std::string error;
  REQUIRE(fl::store::import_progress(*target, file, "p.json", ImportMode::replace, &counts, &error));
  CHECK(commits == 1);
  CHECK(counts.added == 4);
  CHECK(fl::store::export_progress(*target, 1) == file);
  auto attempt = fl::store::latest_attempt(*target, "q1-auth");
  REQUIRE(attempt);
  CHECK(attempt->seed == 0xfedcba9876543210ull);
  CHECK(attempt->submitted);
}

TEST_CASE("merge keeps local records, adds new ones and skips what is already there") {
  auto source = sample_db();
  const std::string file = fl::store::export_progress(*source, 1);
  auto target = fresh_db();
  std::string error;
  REQUIRE(target->set_setting("theme", "dark", &error));
  REQUIRE(fl::store::record_lesson_visit(*target, "l2-limits", 500, &error));
  fl::store::ImportCounts counts;
  REQUIRE(fl::store::import_progress(*target, file, "p.json", ImportMode::merge, &counts, &error));
  CHECK(counts.added == 3);    // visit, attempt, submission
  CHECK(counts.skipped == 1);  // the theme: the local one wins
  CHECK(target->setting("theme") == "dark");
  CHECK(fl::store::visited_lessons(*target) == std::set<std::string>{"l1-auth", "l2-limits"});
  // A second merge of the same file adds nothing.
  REQUIRE(fl::store::import_progress(*target, file, "p.json", ImportMode::merge, &counts, &error));
  CHECK(counts.added == 0);
  CHECK(counts.skipped == 4);
  CHECK(fl::store::list_submissions(*target, "").size() == 1);
}

TEST_CASE("replace drops the local records") {
  auto target = fresh_db();
  std::string error;
  REQUIRE(fl::store::record_lesson_visit(*target, "l9-gone", 5, &error));
  REQUIRE(fl::store::import_progress(*target, fl::store::export_progress(*sample_db(), 1), "p.json",
                                     ImportMode::replace, nullptr, &error));
  CHECK(fl::store::visited_lessons(*target) == std::set<std::string>{"l1-auth"});
}

TEST_CASE("a bad progress file changes nothing and says where it is wrong") {
  auto db = sample_db();
  const std::string before = fl::store::export_progress(*db, 1);
  auto doc = nlohmann::json::parse(before);
  struct Case {
    std::string text, message;
  };
  auto with = [&](auto edit) {
    auto copy = doc;
    edit(copy);
    return copy.dump();
  };
  const std::vector<Case> cases = {
      {"{\"format\": ", "bad.json: line 1"},
      {"[]", "bad.json: error: expected a JSON object"},
      {with([](auto& d) { d["format"] = "other"; }), "bad.json: /format: error: not a Faultline progress file"},
      {with([](auto& d) { d["version"] = 2; }), "/version: error: written by a newer Faultline (format version 2"},
      {with([](auto& d) { d["schema"] = 99; }), "/schema: error: written by a newer Faultline (schema 99"},
      {with([](auto& d) { d["extra"] = 1; }), "extra"},
      {with([](auto& d) { d["tables"]["nope"] = nlohmann::json::array(); }), "/tables/nope: error: no such table"},
      {with([](auto& d) { d["tables"]["quiz_attempts"][0]["seed"] = "12"; }),
       "/tables/quiz_attempts/0/seed: error: expected an integer, got a string"},
      {with([](auto& d) { d["tables"]["submissions"][0].erase("code"); }),
       "/tables/submissions/0: error: missing column code"},
      {with([](auto& d) { d["tables"]["lesson_visits"][0]["colour"] = "red"; }),
       "/tables/lesson_visits/0/colour: error: no such column"},
      {with([](auto& d) { d["tables"]["settings"][0]["value"] = nullptr; }),
       "/tables/settings/0/value: error: expected a string, got null"},
      // Valid row by row, but the two settings rows share a key: SQLite refuses, all rolls back.
      {with([](auto& d) { d["tables"]["settings"].push_back(d["tables"]["settings"][0]); }),
       "bad.json: /tables/settings/1: UNIQUE constraint failed"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::string error;
    CHECK_FALSE(fl::store::import_progress(*db, c.text, "bad.json", ImportMode::replace, nullptr, &error));
    CHECK_THAT(error, Catch::Contains(c.message));
    CHECK(fl::store::export_progress(*db, 1) == before);
  }
}

TEST_CASE("erase empties every table in one transaction; a read-only database refuses") {
  auto db = sample_db();
  std::string error;
  db->set_read_only("open in another tab");
  CHECK_FALSE(fl::store::erase_progress(*db, &error));
  CHECK(error == "open in another tab");
  CHECK_FALSE(fl::store::record_lesson_visit(*db, "l3", 1, &error));
  CHECK_FALSE(db->set_setting("theme", "dark", &error));
  CHECK(fl::store::visited_lessons(*db).size() == 1);
  db->set_read_only("");
  int commits = 0;
  db->set_after_commit([&] { ++commits; });
  REQUIRE(fl::store::erase_progress(*db, &error));
  CHECK(commits == 1);
  const auto doc = nlohmann::json::parse(fl::store::export_progress(*db, 1));
  for (const auto& [name, rows] : doc["tables"].items()) CHECK(rows.empty());
}

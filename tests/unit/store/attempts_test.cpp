#include "store/attempts.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <cstdio>

#include "store/database.h"
#include "store/migrations.h"

using namespace fl::store;

TEST_CASE("an attempt is inserted in progress, updated, then finished once") {
  std::string error;
  auto db = Database::open(":memory:", &error);
  REQUIRE(db);
  CHECK(db->schema_version() >= 3);
  int commits = 0;
  db->set_after_commit([&] { ++commits; });
  CHECK_FALSE(latest_attempt(*db, "q1"));

  const std::uint64_t seed = 0xfedcba9876543210ull;  // above INT64_MAX: stored bit for bit
  std::int64_t id = insert_attempt(*db, "q1", seed, R"({"picked":[]})", 100, &error);
  REQUIRE(id > 0);
  REQUIRE(update_attempt(*db, id, R"({"picked":["a"]})", &error));
  auto row = latest_attempt(*db, "q1");
  REQUIRE(row);
  CHECK(row->id == id);
  CHECK(row->seed == seed);
  CHECK(row->state == R"({"picked":["a"]})");
  CHECK_FALSE(row->submitted);
  CHECK(quiz_summaries(*db).empty());  // nothing submitted yet

  REQUIRE(finish_attempt(*db, id, R"({"done":true})", 300, 480, false, 200, &error));
  row = latest_attempt(*db, "q1");
  REQUIRE(row);
  CHECK(row->submitted);
  CHECK(row->earned_units == 300);
  CHECK(row->possible_units == 480);
  CHECK(row->submitted_at == 200);
  CHECK(commits == 3);

  // A finished attempt is never rewritten.
  CHECK_FALSE(update_attempt(*db, id, "{}", &error));
  CHECK_FALSE(finish_attempt(*db, id, "{}", 480, 480, true, 300, &error));
  CHECK(latest_attempt(*db, "q1")->state == R"({"done":true})");
}

TEST_CASE("summaries keep the best score by fraction and whether any attempt passed") {
  std::string error;
  auto db = Database::open(":memory:", &error);
  REQUIRE(db);
  auto take = [&](const char* quiz, std::int64_t earned, std::int64_t possible, bool passed) {
    std::int64_t id = insert_attempt(*db, quiz, 1, "{}", 1, &error);
    REQUIRE(id > 0);
    REQUIRE(finish_attempt(*db, id, "{}", earned, possible, passed, 2, &error));
  };
  take("q1", 240, 480, false);
  take("q1", 420, 480, true);
  take("q1", 360, 480, true);
  take("test", 600, 900, false);
  insert_attempt(*db, "test", 7, "{}", 3, &error);  // in progress: not counted

  auto s = quiz_summaries(*db);
  REQUIRE(s.size() == 2);
  CHECK(s["q1"].attempts == 3);
  CHECK(s["q1"].best_earned_units == 420);
  CHECK(s["q1"].passed);
  CHECK(s["q1"].best_fraction() == Approx(0.875));
  CHECK(s["test"].attempts == 1);
  CHECK_FALSE(s["test"].passed);
  // The newest row is the one in progress.
  CHECK_FALSE(latest_attempt(*db, "test")->submitted);
}

TEST_CASE("a schema-2 database with submissions migrates to attempts and keeps its rows") {
  const std::string path = "fl_store_test_v2_to_v3.db";
  std::remove(path.c_str());
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    std::string sql;
    for (std::size_t i = 0; i < 2; ++i) sql += std::string(migrations()[i]);
    sql += "INSERT INTO settings VALUES ('theme', 'light');"
           "INSERT INTO lesson_visits VALUES ('l1-auth', 5);"
           "PRAGMA user_version = 2;";
    REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  std::string error;
  auto db = Database::open(path, &error);
  REQUIRE(db);
  CHECK(db->schema_version() == Database::current_schema_version());
  CHECK(db->setting("theme") == std::optional<std::string>("light"));
  CHECK(insert_attempt(*db, "q1", 3, "{}", 9, &error) > 0);
  db.reset();
  std::remove(path.c_str());
}

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>

#include "store/database.h"

using fl::store::Database;

namespace {
std::string temp_path(const char* name) {
  std::string path = std::string("fl_store_test_") + name + ".db";
  std::remove(path.c_str());
  return path;
}
}  // namespace

TEST_CASE("a new database is migrated to the current schema") {
  std::string error;
  auto db = Database::open(":memory:", &error);
  REQUIRE(db);
  CHECK(db->schema_version() == Database::current_schema_version());
  CHECK(Database::current_schema_version() >= 1);
}

TEST_CASE("settings survive closing and reopening the file, and each write fires the hook") {
  std::string path = temp_path("reopen");
  std::string error;
  {
    auto db = Database::open(path, &error);
    REQUIRE(db);
    int commits = 0;
    db->set_after_commit([&] { ++commits; });
    REQUIRE(db->set_setting("last_route", "#/quiz/2", &error));
    REQUIRE(db->set_setting("last_route", "#/lab/1", &error));
    CHECK(commits == 2);
  }
  auto db = Database::open(path, &error);
  REQUIRE(db);
  CHECK(db->setting("last_route") == std::optional<std::string>("#/lab/1"));
  CHECK_FALSE(db->setting("missing"));
  std::remove(path.c_str());
}

TEST_CASE("a version-0 database with foreign tables is migrated in place") {
  std::string path = temp_path("v0");
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "CREATE TABLE unrelated(x); INSERT INTO unrelated VALUES (1);", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  std::string error;
  auto db = Database::open(path, &error);
  REQUIRE(db);
  CHECK(db->schema_version() == Database::current_schema_version());
  std::remove(path.c_str());
}

TEST_CASE("a database from a newer Faultline is refused, not damaged") {
  std::string path = temp_path("newer");
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 999;", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  std::string error;
  CHECK_FALSE(Database::open(path, &error));
  CHECK_THAT(error, Catch::Contains("newer Faultline"));
  CHECK_THAT(error, Catch::Contains(path));
  std::remove(path.c_str());
}

TEST_CASE("a file that is not a database gives a clear error") {
  std::string path = temp_path("garbage");
  std::ofstream(path) << "this is not a database, just text that is long enough to have a header......";
  std::string error;
  CHECK_FALSE(Database::open(path, &error));
  CHECK_THAT(error, Catch::Contains(path));
  std::remove(path.c_str());
}

#include "store/progress.h"

#include <catch2/catch.hpp>

#include "store/database.h"

using fl::store::Database;

TEST_CASE("lesson visits are recorded once per second and listed by lesson") {
  std::string error;
  auto db = Database::open(":memory:", &error);
  REQUIRE(db);
  int commits = 0;
  db->set_after_commit([&] { ++commits; });
  CHECK(fl::store::visited_lessons(*db).empty());
  REQUIRE(fl::store::record_lesson_visit(*db, "l1-auth", 100, &error));
  REQUIRE(fl::store::record_lesson_visit(*db, "l1-auth", 100, &error));
  REQUIRE(fl::store::record_lesson_visit(*db, "it's-quoted", 101, &error));
  CHECK(commits == 3);
  auto visited = fl::store::visited_lessons(*db);
  CHECK(visited == std::set<std::string>{"it's-quoted", "l1-auth"});
}

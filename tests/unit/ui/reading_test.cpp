#include "ui/reading.h"

#include <catch2/catch.hpp>

using namespace fl;

TEST_CASE("a reading position round-trips through the settings table") {
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);
  CHECK_FALSE(ui::reading_position(*db, "l2"));
  REQUIRE(ui::store_reading_position(*db, "l2", 0.4215f, &error));
  REQUIRE(ui::reading_position(*db, "l2"));
  CHECK(*ui::reading_position(*db, "l2") == Approx(0.4215f));
  CHECK_FALSE(ui::reading_position(*db, "l3"));                  // per lesson
  REQUIRE(ui::store_reading_position(*db, "l2", 7.0f, &error));  // clamped
  CHECK(*ui::reading_position(*db, "l2") == 1.0f);
}

TEST_CASE("a stored position that is not a fraction is ignored") {
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);
  for (const char* bad : {"", "x", "0.5x", "-0.1", "1.5", "nan", "inf"}) {
    REQUIRE(db->set_setting("reading:l1", bad, &error));
    CHECK_FALSE(ui::reading_position(*db, "l1"));
  }
}

TEST_CASE("storing the same position again commits nothing") {
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);
  int commits = 0;
  db->set_after_commit([&] { ++commits; });
  REQUIRE(ui::store_reading_position(*db, "l1", 0.25f, &error));
  REQUIRE(ui::store_reading_position(*db, "l1", 0.25f, &error));
  CHECK(commits == 1);
}

TEST_CASE("a lesson counts as read once; the first time is kept") {
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);
  CHECK(ui::read_lessons(*db, {"l1", "l2"}).empty());
  REQUIRE(ui::record_lesson_read(*db, "l2", 1000, &error));
  REQUIRE(ui::record_lesson_read(*db, "l2", 2000, &error));
  CHECK(db->setting("read:l2") == "1000");
  CHECK(ui::read_lessons(*db, {"l1", "l2"}) == std::set<std::string>{"l2"});
}

#include "store/drafts.h"

#include <catch2/catch.hpp>

#include "store/progress_file.h"

using namespace fl;

TEST_CASE("drafts round-trip per document through the settings table") {
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);
  CHECK(store::load_drafts(*db).empty());
  REQUIRE(store::save_draft(*db, "lab:lab2-rate-limits", "function main(ctx)\n  -- é\nend\n", &error));
  REQUIRE(store::save_draft(*db, "playground", "print(1)", &error));
  REQUIRE(db->set_setting("theme", "light", &error));       // other settings are not drafts
  REQUIRE(db->set_setting("draft_x", "not a draft", &error));  // nor a key that only looks like one
  auto drafts = store::load_drafts(*db);
  REQUIRE(drafts.size() == 2);
  CHECK(drafts["lab:lab2-rate-limits"] == "function main(ctx)\n  -- é\nend\n");
  CHECK(drafts["playground"] == "print(1)");
  REQUIRE(store::save_draft(*db, "playground", "print(2)", &error));  // replaced, not added
  CHECK(store::load_drafts(*db)["playground"] == "print(2)");
}

TEST_CASE("deleting a draft brings the starter back and commits only when there was one") {
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);
  int commits = 0;
  db->set_after_commit([&] { ++commits; });
  REQUIRE(store::delete_draft(*db, "playground", &error));
  CHECK(commits == 0);
  REQUIRE(store::save_draft(*db, "playground", "x = 1", &error));
  REQUIRE(store::save_draft(*db, "lab:lab1-auth", "y = 2", &error));
  REQUIRE(store::delete_draft(*db, "playground", &error));
  CHECK(commits == 3);
  auto drafts = store::load_drafts(*db);
  CHECK(drafts.count("playground") == 0);
  CHECK(drafts.count("lab:lab1-auth") == 1);
}

TEST_CASE("a tab that reads only cannot overwrite drafts") {
  std::string error;
  auto db = store::Database::open(":memory:", &error);
  REQUIRE(db);
  REQUIRE(store::save_draft(*db, "playground", "mine", &error));
  db->set_read_only("This course is open in another tab");
  CHECK_FALSE(store::save_draft(*db, "playground", "theirs", &error));
  CHECK(error == "This course is open in another tab");
  CHECK_FALSE(store::delete_draft(*db, "playground", &error));
  CHECK(store::load_drafts(*db)["playground"] == "mine");
}

TEST_CASE("drafts travel in a progress export and come back with an import") {
  std::string error;
  auto from = store::Database::open(":memory:", &error);
  auto to = store::Database::open(":memory:", &error);
  REQUIRE(from);
  REQUIRE(to);
  REQUIRE(store::save_draft(*from, "lab:lab2-rate-limits", "local x = \"quoted\"\n", &error));
  const std::string file = store::export_progress(*from, 0);
  store::ImportCounts counts;
  REQUIRE(store::import_progress(*to, file, "progress.json", store::ImportMode::replace, &counts, &error));
  CHECK(store::load_drafts(*to)["lab:lab2-rate-limits"] == "local x = \"quoted\"\n");
}

#include <catch2/catch.hpp>

#include "store/database.h"
#include "store/submissions.h"

using namespace fl::store;

TEST_CASE("graded submissions are appended and listed per lab", "[store][submissions]") {
  std::string error;
  auto db = Database::open(":memory:", &error);
  REQUIRE(db);
  CHECK(db->schema_version() >= 2);
  int commits = 0;
  db->set_after_commit([&] { ++commits; });
  Submission a{0, "lab2-rate-limits", "alice.lua", "function main(ctx) end -- it's", "fail", 3.5, 18, "fnv1a64:1",
               "fnv1a64:2", R"({"version":3})", 1767225600};
  REQUIRE(add_submission(*db, a, &error));
  CHECK(a.id == 1);
  Submission b = a;
  b.solution = "bob.lua";
  b.lab_id = "other";
  REQUIRE(add_submission(*db, b, &error));
  CHECK(commits == 2);
  auto rows = list_submissions(*db, "lab2-rate-limits");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].code == a.code);
  CHECK(rows[0].score == 3.5);
  CHECK(rows[0].results_json == a.results_json);
  CHECK(list_submissions(*db, "").size() == 2);
}

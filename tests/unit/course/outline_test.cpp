#include <catch2/catch.hpp>

#include "base/files.h"
#include "course/outline.h"

using namespace fl;
using namespace fl::course;

TEST_CASE("the shipped course outline loads in teaching order") {
  std::string error;
  auto text = read_file(std::string(FL_SOURCE_DIR) + "/content/course.json", &error);
  REQUIRE(text);
  Diagnostics diags;
  auto outline = parse_outline(*text, "content/course.json", diags);
  INFO(diags.to_string());
  REQUIRE(outline);
  REQUIRE(outline->items.size() == 13);
  CHECK(outline->items.front().kind == ItemKind::lesson);
  CHECK(outline->items.back().kind == ItemKind::test);
  REQUIRE(outline->find(ItemKind::quiz, 2));
  CHECK(outline->find(ItemKind::quiz, 2)->id == "q2-rate-limits");
  CHECK(outline->find(ItemKind::lab, 3)->dir == "03-error-handling");
  CHECK(outline->find(ItemKind::lesson, 5) == nullptr);
}

TEST_CASE("a syntax error names the line and column") {
  Diagnostics diags;
  auto outline = parse_outline("{\n  \"id\": \"x\",\n  \"title\": 3 4\n}", "course.json", diags);
  CHECK_FALSE(outline);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].file == "course.json");
  CHECK(diags.items()[0].location == "line 3, column 14");
}

TEST_CASE("schema errors name the JSON pointer of the bad value") {
  Diagnostics diags;
  auto outline = parse_outline(R"({"id":"c","title":"t","items":[
      {"kind":"lesson","id":"a","title":"A","file":"a.md"},
      {"kind":"video","id":"b","title":"B"},
      {"kind":"quiz","id":"a","title":7,"file":"q.json"},
      {"kind":"lab","id":"l","title":"L","status":"someday"},
      "oops"]})",
                               "course.json", diags);
  CHECK_FALSE(outline);
  std::string all = diags.to_string();
  CHECK_THAT(all, Catch::Contains("/items/1/kind: error: unknown kind \"video\""));
  CHECK_THAT(all, Catch::Contains("/items/2/id: error: duplicate id \"a\""));
  CHECK_THAT(all, Catch::Contains("/items/2/title: error: expected a string, found a number"));
  CHECK_THAT(all, Catch::Contains("/items/3: error: missing required field \"dir\""));
  CHECK_THAT(all, Catch::Contains("/items/3/status: error: unknown status \"someday\""));
  CHECK_THAT(all, Catch::Contains("/items/4: error: expected an object, found a string"));
}

TEST_CASE("planned items load, and numbering is per kind") {
  Diagnostics diags;
  auto outline = parse_outline(R"({"id":"c","title":"t","items":[
      {"kind":"lesson","id":"a","title":"A","file":"a.md"},
      {"kind":"lesson","id":"b","title":"B","file":"b.md","status":"planned"},
      {"kind":"test","id":"t","title":"T","file":"t.json"}]})",
                               "course.json", diags);
  REQUIRE(outline);
  CHECK(outline->items[1].planned);
  CHECK(outline->items[1].number == 2);
  CHECK(outline->items[2].number == 1);
}

TEST_CASE("unknown fields are reported, not ignored") {
  Diagnostics diags;
  auto outline = parse_outline(R"({"id":"c","title":"t","itmes":[],"items":[{"kind":"lesson","id":"a","title":"A","file":"a.md","flie":"x"}]})",
                               "course.json", diags);
  CHECK_FALSE(outline);
  CHECK_THAT(diags.to_string(), Catch::Contains("/itmes: error: unknown field"));
  CHECK_THAT(diags.to_string(), Catch::Contains("/items/0/flie: error: unknown field"));
}

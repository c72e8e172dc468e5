#include <catch2/catch.hpp>

#include "base/diagnostic.h"
#include "base/json_file.h"

using namespace fl;

TEST_CASE("diagnostics format as file: place: severity: message") {
  Diagnostics d;
  d.error("labs/02/lab.json", "/world/services/0", "route without responses");
  d.warning("content/course.json", "", "planned");
  CHECK(d.error_count() == 1);
  CHECK(d.warning_count() == 1);
  CHECK(d.to_string() ==
        "labs/02/lab.json: /world/services/0: error: route without responses\n"
        "content/course.json: warning: planned\n");
}

TEST_CASE("json pointers escape ~ and /") {
  CHECK(json_pointer("/a", "b/c~d") == "/a/b~1c~0d");
  CHECK(json_pointer("/a", 3) == "/a/3");
}

TEST_CASE("JsonReader reports wrong types and missing fields without throwing") {
  Diagnostics d;
  JsonReader r("f.json", d);
  Json j = Json::parse(R"({"n": "x", "s": 1})");
  CHECK_FALSE(r.number(j, "", "n"));
  CHECK_FALSE(r.string(j, "", "s"));
  CHECK_FALSE(r.boolean(j, "", "missing"));
  CHECK(r.number_or(j, "", "absent", 4.5) == 4.5);
  CHECK(d.error_count() == 3);
  CHECK_THAT(d.to_string(), Catch::Contains("f.json: /n: error: expected a number, found a string"));
}

TEST_CASE("a number too large for a double is an error in the file, not a crash") {
  // Found by fuzz_outline: nlohmann reports overflow as out_of_range, not parse_error.
  Diagnostics d;
  CHECK_FALSE(parse_json("{\n  \"id\": 1e999\n}", "course.json", d));
  CHECK(d.error_count() == 1);
  CHECK(d.to_string().rfind("course.json: line 2, column 9: error: invalid JSON: number overflow", 0) == 0);
}

TEST_CASE("a syntax error names the line and column") {
  Diagnostics d;
  CHECK_FALSE(parse_json("{\n  \"id\": ,\n}", "course.json", d));
  CHECK(d.to_string().rfind("course.json: line 2, column 9: error: invalid JSON: syntax error", 0) == 0);
}

#include <catch2/catch.hpp>

#include "base/diagnostic.h"
#include "base/json_file.h"

#include <algorithm>

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

TEST_CASE("echoed input is cut to 80 bytes and escaped; kinds are capped with a count") {
  Diagnostics d;
  std::string key = "\x1b[2J" + std::string(10000, 'k') + "\nforged.json: error: fake";
  d.error("lab.json", json_pointer("", key), "unknown field \"" + key + "\"");
  std::string out = d.to_string();
  CHECK(out.size() < 400);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(std::count(out.begin(), out.end(), '\n') == 1);  // no forged second line
  CHECK_THAT(out, Catch::Contains("unknown field \"\\x1b[2Jkkk"));
  CHECK_THAT(out, Catch::Contains("...\""));

  Diagnostics many;
  for (int i = 0; i < 2000; ++i) many.error("lab.json", "/world/x/" + std::to_string(i), "no state \"s" + std::to_string(i) + "\"");
  many.error("lab.json", "/id", "the lab id cannot be empty");
  std::string listed = many.to_string();
  CHECK(std::count(listed.begin(), listed.end(), '\n') == Diagnostics::kMaxPerKind + 2);
  CHECK_THAT(listed, Catch::Contains("lab.json: error: 1980 more like the above"));
  CHECK_THAT(listed, Catch::Contains("the lab id cannot be empty"));
  CHECK(many.error_count() == 2001);  // counts stay exact
}

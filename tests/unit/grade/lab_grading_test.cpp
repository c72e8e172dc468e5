#include <catch2/catch.hpp>

#include "grade/lab_grading.h"

using namespace fl;
using namespace fl::grade;
using Catch::Contains;

namespace {
std::string errors_of(const char* text) {
  Diagnostics d;
  parse_lab_grading(Json::parse(text), "labs/x/lab.json", Registry::builtin(), d);
  return d.to_string();
}
}  // namespace

TEST_CASE("lab grading sections parse", "[grade][lab]") {
  Diagnostics d;
  auto g = parse_lab_grading(Json::parse(R"({"id":"x","seeds":[5,6],
    "checks":[{"id":"a","kind":"max_attempts","name":"A","params":{"max":3}}],
    "hints":[{"check":"a","text":"Stop after 3."}],
    "self_test":{"naive":[{"file":"naive/forever.lua","fails":["a"],"why":"retries forever"}]}})"),
                             "lab.json", Registry::builtin(), d);
  INFO(d.to_string());
  REQUIRE(g);
  CHECK(g->seeds == std::vector<std::uint64_t>{5, 6});
  CHECK(g->checks[0].points == 1);
  CHECK(g->checks[0].task_id == 1);
  CHECK(g->hint_for("a") == "Stop after 3.");
  CHECK(g->naive[0].seeds == std::vector<std::uint64_t>{5, 6});
}

TEST_CASE("lab grading errors name the file and the JSON pointer", "[grade][lab]") {
  CHECK_THAT(errors_of(R"({"checks":[],"self_test":{"naive":[]}})"), Contains("labs/x/lab.json: /seeds: error: missing"));
  CHECK_THAT(errors_of(R"({"seeds":[1,1,-2],"checks":[],"self_test":{"naive":[]}})"),
             Contains("/seeds/1: error: seed 1 is listed twice"));
  CHECK_THAT(errors_of(R"({"seeds":[1,-2],"checks":[],"self_test":{"naive":[]}})"), Contains("/seeds/1: error: expected a seed"));
  auto e = errors_of(R"({"seeds":[1],"checks":[
      {"id":"a","kind":"nope","name":"A"},
      {"id":"a","kind":"max_attempts","name":"B","params":{"max":0}},
      {"id":"Bad Id","kind":"run_completed","name":""}],
    "hints":[{"check":"zz","text":"t"}],
    "self_test":{"naive":[{"file":"solutions/x.lua","fails":["q"],"seeds":[9]}]}})");
  CHECK_THAT(e, Contains("/checks/0/kind: error: unknown check kind \"nope\"; known kinds: run_completed"));
  CHECK_THAT(e, Contains("/checks/1/id: error: check id \"a\" is used twice"));
  CHECK_THAT(e, Contains("/checks/1/params/max: error: expected an integer from 1"));
  CHECK_THAT(e, Contains("/checks/2/id: error: a check id uses"));
  CHECK_THAT(e, Contains("/checks/2/name: error: a check needs a name"));
  CHECK_THAT(e, Contains("/hints/0/check: error: no check has the id \"zz\""));
  CHECK_THAT(e, Contains("/self_test/naive/0/file: error: expected a file in naive/"));
  CHECK_THAT(e, Contains("/self_test/naive/0/fails/0: error: no check has the id \"q\""));
  CHECK_THAT(e, Contains("/self_test/naive/0/seeds/0: error: seed 9 is not one of the lab's seeds"));
}

TEST_CASE("a playground needs no grading sections", "[grade][lab]") {
  Diagnostics d;
  auto g = parse_lab_grading(Json::parse(R"({"id":"p","kind":"playground"})"), "lab.json", Registry::builtin(), d);
  CHECK(g);
  CHECK_FALSE(d.has_errors());
}

TEST_CASE("self_test may_fail lists consequences that show on some seeds only", "[grade][lab]") {
  Diagnostics d;
  auto g = parse_lab_grading(Json::parse(R"({"id":"x","seeds":[5,6],
    "checks":[{"id":"a","kind":"max_attempts","name":"A"},{"id":"b","kind":"max_attempts","name":"B"}],
    "self_test":{"naive":[{"file":"naive/forever.lua","fails":["a"],"may_fail":["b"]}]}})"),
                             "lab.json", Registry::builtin(), d);
  INFO(d.to_string());
  REQUIRE(g);
  CHECK(g->naive[0].may_fail == std::vector<std::string>{"b"});
  auto e = errors_of(R"({"seeds":[1],"checks":[{"id":"a","kind":"max_attempts","name":"A"}],
    "self_test":{"naive":[{"file":"naive/x.lua","fails":["a"],"may_fail":["a","zz"]}]}})");
  CHECK_THAT(e, Contains("/self_test/naive/0/may_fail/0: error: \"a\" is in fails already"));
  CHECK_THAT(e, Contains("/self_test/naive/0/may_fail/1: error: expected the id of a check, found \"zz\""));
}

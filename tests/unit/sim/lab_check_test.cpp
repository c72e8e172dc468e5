// `faultline check` for labs: every labs/*/lab.json, with file and JSON pointer in messages.
#include "sim_test_util.h"

#include "sim/lab_check.h"

using namespace fl;
using namespace fl::sim;
using namespace fl::sim::test;

TEST_CASE("the shipped labs are valid") {
  Diagnostics d;
  check_labs(FL_SOURCE_DIR, d);
  INFO(d.to_string());
  CHECK_FALSE(d.has_errors());
  CHECK(d.warning_count() == 0);
}

TEST_CASE("later-issue fields are accepted; metadata is checked") {
  Diagnostics ok;
  check_lab_text(R"({"id": "x", "title": "X", "lesson": "l1", "kind": "lab", "workload": {}, "agents": 3, "limits": {},
      "checks": [], "seeds": [1], "hints": [], "self_test": {},
      "world": {"services": [{"id": "a", "host": "a.mock", "routes": [{"path": "/", "responses": [{}]}]}]}})",
                 "labs/x/lab.json", ok);
  INFO(ok.to_string());
  CHECK_FALSE(ok.has_errors());
  CHECK(ok.warning_count() == 0);

  Diagnostics bad;
  check_lab_text(R"({"id": 5, "kind": "quiz", "extra": 1, "world": {"services": [{"id": "a", "host": "a.mock", "routes": [{"path": "/"}]}]}})",
                 "labs/x/lab.json", bad);
  CHECK(has_error(bad, "/id", "expected a string"));
  CHECK(has_error(bad, "", "\"title\""));
  CHECK(has_error(bad, "/kind", "unknown kind"));
  CHECK(has_error(bad, "/world/services/0/routes/0", "\"responses\""));
  CHECK(bad.warning_count() == 1);  // "extra"
  for (const auto& item : bad.items()) CHECK(item.file == "labs/x/lab.json");
}

TEST_CASE("a malformed lab folder is reported file by file, in sorted order") {
  Diagnostics d;
  check_labs(std::string(FL_TEST_DATA_DIR) + "/malformed-labs", d);
  INFO(d.to_string());
  REQUIRE(d.has_errors());
  std::vector<std::string> files;
  for (const auto& item : d.items())
    if (files.empty() || files.back() != item.file) files.push_back(item.file);
  CHECK(files == std::vector<std::string>{"labs/01-bad-json/lab.json", "labs/02-unknown-fault/lab.json",
                                          "labs/03-negative-rate/lab.json", "labs/04-no-responses/lab.json",
                                          "labs/05-wrong-types/lab.json", "labs/06-missing/lab.json"});
  CHECK(has_error(d, "/world/faults/0/kind", "unknown fault kind \"explode\""));
  CHECK(has_error(d, "/world/services/0/rate_limits/0/refill_per_s", "more than 0"));
  CHECK(has_error(d, "/world/services/0/routes/0/responses", "at least one response"));
}

TEST_CASE("labs in every shape of broken JSON never crash the checker") {
  const char* inputs[] = {"", "null", "[]", "{", "{\"world\": null}", "{\"world\": []}", "{\"world\": {\"services\": [null]}}",
                          "{\"world\": {\"services\": [{\"routes\": [{\"responses\": [null, 1, \"x\"]}]}]}}",
                          "{\"world\": {\"faults\": [{\"kind\": \"status\", \"status\": \"500\", \"nth\": {}}]}}",
                          "{\"world\": {\"secrets\": [], \"api_keys\": {}, \"scenarios\": 7, \"network\": {\"latency\": []}}}"};
  for (const char* in : inputs) {
    Diagnostics d;
    check_lab_text(in, "lab.json", d);
    INFO(in);
    CHECK(d.has_errors());
  }
}

// The world section of lab.json checked from text (whole lab folders: tests/unit/lab and grade).
#include "sim_test_util.h"

#include "sim/lab_check.h"

using namespace fl;
using namespace fl::sim;
using namespace fl::sim::test;

TEST_CASE("the world section is checked from text; other sections are the loader's") {
  Diagnostics ok;
  check_lab_text(R"({"id": "x", "title": "X", "lesson": "l1", "kind": "lab", "workload": {}, "agents": 3, "limits": {},
      "checks": [], "seeds": [1], "hints": [], "self_test": {},
      "world": {"services": [{"id": "a", "host": "a.mock", "routes": [{"path": "/", "responses": [{}]}]}]}})",
                 "labs/x/lab.json", ok);
  INFO(ok.to_string());
  CHECK_FALSE(ok.has_errors());
  CHECK(ok.warning_count() == 0);

  Diagnostics bad;
  check_lab_text(R"({"id": 5, "world": {"services": [{"id": "a", "host": "a.mock", "routes": [{"path": "/"}]}]}})",
                 "labs/x/lab.json", bad);
  CHECK(has_error(bad, "/world/services/0/routes/0", "\"responses\""));
  for (const auto& item : bad.items()) CHECK(item.file == "labs/x/lab.json");
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

// docs/lab-format.md is true: every JSON example in it that is complete enough to load does
// load (fragments are placed into a small host world), and every fault kind is documented.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "base/files.h"
#include "base/json_file.h"
#include "sim/lab_check.h"
#include "sim/world_spec.h"

using namespace fl;
using namespace fl::sim;

namespace {

std::vector<std::string> json_blocks(const std::string& md) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = md.find("```json\n", pos)) != std::string::npos) {
    pos += 8;
    std::size_t end = md.find("```", pos);
    out.push_back(md.substr(pos, end - pos));
    pos = end + 3;
  }
  return out;
}

// A world with the services, routes and ids the fragments in the document refer to.
Json host_world() {
  return Json::parse(R"({
    "services": [
      {"id": "payments", "host": "payments.mock", "auth": {"type": "api_key"},
       "routes": [{"id": "host-charge", "method": "POST", "path": "/v1/host", "responses": [{}]},
                  {"id": "charge", "path": "/c", "responses": [{}]}]},
      {"id": "search", "host": "search.mock", "routes": [{"path": "/", "responses": [{}]}]},
      {"id": "s", "host": "s.mock", "routes": [{"path": "/", "responses": [{}]}]}
    ]})");
}

}  // namespace

TEST_CASE("every loadable JSON example in docs/lab-format.md is valid") {
  std::string error;
  auto md = read_file(std::string(FL_SOURCE_DIR) + "/docs/lab-format.md", &error);
  REQUIRE(md);
  int checked = 0;
  for (const auto& block : json_blocks(*md)) {
    Json j = Json::parse(block, nullptr, false);
    if (j.is_discarded()) j = Json::parse("{" + block + "}", nullptr, false);  // "key": value fragments
    if (j.is_discarded() || !j.is_object()) continue;
    Json world = host_world();
    if (j.contains("world")) {
      Diagnostics d;
      check_lab_text(j.dump(), "example", d);
      INFO(block << "\n" << d.to_string());
      CHECK_FALSE(d.has_errors());
      ++checked;
      continue;
    }
    if (j.contains("host")) {
      world["services"].push_back(j);
    } else if (j.contains("rate_limits")) {
      world["services"][1]["rate_limits"] = j["rate_limits"];
    } else if (j.contains("effect")) {
      world["services"][0]["routes"][0]["effect"] = j["effect"];
    } else if (j.contains("responses")) {
      world["services"][1]["routes"][0]["responses"] = j["responses"];
    } else if (j.contains("path")) {
      world["services"][0]["routes"].push_back(j);
    } else {
      bool merged = false;
      for (const char* key : {"faults", "scenarios", "api_keys", "secrets"})
        if (j.contains(key)) {
          world[key] = j[key];
          merged = true;
        }
      if (!merged) continue;
    }
    Diagnostics d;
    auto spec = parse_world(world, "example", "", d);
    INFO(block << "\n" << d.to_string());
    CHECK(spec);
    ++checked;
  }
  CHECK(checked >= 10);
}

TEST_CASE("every fault kind is documented") {
  std::string error;
  auto md = read_file(std::string(FL_SOURCE_DIR) + "/docs/lab-format.md", &error);
  REQUIRE(md);
  for (int k = 0; k < kFaultKindCount; ++k) {
    std::string row = std::string("| `") + to_string(static_cast<FaultKind>(k)) + "` |";
    INFO(row);
    CHECK(md->find(row) != std::string::npos);
  }
}

// The single lab loader (lab::load_package + grade::load_graded_lab): one walk of a lab folder,
// unknown keys as errors, every reference resolved, every Lua file compiled, files read only
// when regular and inside the root. What `faultline check`, `run`, `grade` and `lab test` share.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "base/files.h"
#include "grade/lab_check.h"
#include "grade/lab_runner.h"

using namespace fl;
using namespace fl::grade;
using Catch::Contains;

namespace {

const std::string kShippedLab2 = std::string(FL_SOURCE_DIR) + "/labs/02-rate-limits";

bool has_error_at(const Diagnostics& d, const std::string& file, const std::string& location, const std::string& fragment) {
  for (const auto& item : d.items())
    if (item.severity == Severity::error && item.file == file && item.location == location &&
        item.message.find(fragment) != std::string::npos)
      return true;
  return false;
}

// A scratch copy of lab 2 in a fresh temporary folder, to break one thing at a time.
struct ScratchLab {
  std::string root, dir;
  ScratchLab() {
    char tmpl[] = "/tmp/fl-lab-XXXXXX";
    REQUIRE(::mkdtemp(tmpl));
    root = tmpl;
    dir = root + "/lab";
    REQUIRE(std::system(("cp -r '" + kShippedLab2 + "' '" + dir + "'").c_str()) == 0);
  }
  ~ScratchLab() { (void)std::system(("rm -rf '" + root + "'").c_str()); }
  void write(const std::string& name, const std::string& bytes) const {
    std::ofstream(dir + "/" + name, std::ios::binary | std::ios::trunc) << bytes;
  }
  std::string read(const std::string& name) const {
    std::string error;
    auto t = read_file(dir + "/" + name, &error);
    REQUIRE(t);
    return *t;
  }
  // Replaces the first occurrence of `from` in lab.json.
  void edit_json(const std::string& from, const std::string& to) const {
    std::string text = read("lab.json");
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    write("lab.json", text.replace(at, from.size(), to));
  }
  Diagnostics load() const {
    Diagnostics d;
    CHECK_FALSE(load_graded_lab(dir, "labs/x", root, d));
    CHECK(d.has_errors());
    return d;
  }
};

}  // namespace

TEST_CASE("the shipped labs load with no error and no warning", "[grade][package]") {
  Diagnostics d;
  auto labs = check_labs(FL_SOURCE_DIR, d);
  INFO(d.to_string());
  CHECK(d.items().empty());
  CHECK(labs.size() >= 2);
  for (const auto& l : labs) CHECK(l.loaded);
}

TEST_CASE("a malformed labs/ folder is reported lab by lab, in sorted order", "[grade][package]") {
  Diagnostics d;
  check_labs(std::string(FL_TEST_DATA_DIR) + "/malformed-labs", d);
  INFO(d.to_string());
  std::vector<std::string> dirs;
  for (const auto& item : d.items()) {
    std::string dir = item.file.substr(0, item.file.find('/', 5));
    if (dirs.empty() || dirs.back() != dir) dirs.push_back(dir);
  }
  CHECK(dirs == std::vector<std::string>{"labs/01-bad-json", "labs/02-unknown-fault", "labs/03-negative-rate",
                                         "labs/04-no-responses", "labs/05-wrong-types", "labs/06-missing"});
  CHECK(has_error_at(d, "labs/02-unknown-fault/lab.json", "/world/faults/0/kind", "unknown fault kind \"explode\""));
  CHECK(has_error_at(d, "labs/03-negative-rate/lab.json", "/world/services/0/rate_limits/0/refill_per_s", "more than 0"));
}

TEST_CASE("the package hands out each file read once, and the lab hash of its learner files", "[grade][package]") {
  Diagnostics d;
  auto g = load_graded_lab(kShippedLab2, "labs/02-rate-limits", kShippedLab2, d);
  INFO(d.to_string());
  REQUIRE(g);
  CHECK(g->package.has("lab.json"));
  CHECK(g->package.has("reference.lua"));
  CHECK(g->package.naive.size() >= 3);
  CHECK(g->hash == lab_hash(*g->package.text("lab.json"), *g->package.text("brief.md"), *g->package.text("starter.lua")));
  auto runner = LabRunner::load(kShippedLab2, d);
  REQUIRE(runner);
  CHECK(runner->hash() == g->hash);
  std::vector<std::string> learner;
  for (const auto& f : lab::list_lab_files(kShippedLab2))
    if (f.learner_facing) learner.push_back(f.name);
  CHECK(learner == std::vector<std::string>{"lab.json", "brief.md", "starter.lua"});
}

TEST_CASE("unknown keys are errors at the top level too", "[grade][package]") {
  ScratchLab lab;
  lab.edit_json("\"title\"", "\"titel\": \"typo\", \"title\"");
  CHECK(has_error_at(lab.load(), "labs/x/lab.json", "/titel", "unknown field \"titel\""));
}

TEST_CASE("metadata: empty id, empty title, unknown kind", "[grade][package]") {
  ScratchLab lab;
  std::string text = lab.read("lab.json");
  auto json = Json::parse(text);
  json["id"] = "";
  json["title"] = "";
  lab.write("lab.json", json.dump(1));
  Diagnostics d = lab.load();
  CHECK(has_error_at(d, "labs/x/lab.json", "/id", "cannot be empty"));
  CHECK(has_error_at(d, "labs/x/lab.json", "/title", "cannot be empty"));
}

TEST_CASE("a check naming a service, secret or priority that does not exist is an error", "[grade][package]") {
  ScratchLab lab;
  auto json = Json::parse(lab.read("lab.json"));
  std::size_t latency = 0, secrets = 0;
  for (std::size_t i = 0; i < json["checks"].size(); ++i) {
    if (json["checks"][i]["kind"] == "task_latency") latency = i;
    if (json["checks"][i]["kind"] == "secrets_not_leaked") secrets = i;
  }
  json["checks"][latency]["params"]["priority"] = "urgnet";
  json["checks"][secrets]["params"] = {{"secrets", {"NOPE"}}};
  json["checks"].push_back({{"id", "share"}, {"kind", "status_share"}, {"name", "Few 429s"},
                            {"params", {{"max_share", 0.5}, {"service", "nope"}}}});
  lab.write("lab.json", json.dump(1));
  Diagnostics d = lab.load();
  INFO(d.to_string());
  const std::string c = "/checks/";
  CHECK(has_error_at(d, "labs/x/lab.json", c + std::to_string(latency) + "/params/priority", "no work item priority is named \"urgnet\""));
  CHECK(has_error_at(d, "labs/x/lab.json", c + std::to_string(secrets) + "/params/secrets/0", "no secret is named \"NOPE\""));
  CHECK(has_error_at(d, "labs/x/lab.json", c + std::to_string(json["checks"].size() - 1) + "/params/service",
            "no service is named \"nope\""));
}

TEST_CASE("every Lua file of a lab is compiled, with file and line", "[grade][package]") {
  ScratchLab lab;
  lab.write("starter.lua", "local x = 1\nif x then\n  print(x)\n");
  lab.write("naive/broken.lua", "return )\n");
  Diagnostics d = lab.load();
  INFO(d.to_string());
  CHECK(has_error_at(d, "labs/x/starter.lua", "line 4", "Lua syntax error: 'end' expected"));
  CHECK(has_error_at(d, "labs/x/naive/broken.lua", "line 1", "Lua syntax error"));
}

TEST_CASE("files are read only when regular, inside the root, and under their cap", "[grade][package]") {
  SECTION("a symlink out of the root") {
    ScratchLab lab;
    REQUIRE(::unlink((lab.dir + "/brief.md").c_str()) == 0);
    REQUIRE(::symlink((kShippedLab2 + "/brief.md").c_str(), (lab.dir + "/brief.md").c_str()) == 0);
    CHECK(has_error_at(lab.load(), "labs/x/brief.md", "", "outside"));
  }
  SECTION("a symlink to a device") {
    ScratchLab lab;
    REQUIRE(::unlink((lab.dir + "/starter.lua").c_str()) == 0);
    REQUIRE(::symlink("/dev/zero", (lab.dir + "/starter.lua").c_str()) == 0);
    CHECK(has_error_at(lab.load(), "labs/x/starter.lua", "", "not a regular file"));
  }
#ifndef __EMSCRIPTEN__
  // Native only: under NODERAWFS mkfifo makes a plain file, so wasm cannot make a FIFO; the malformed-input
  // corpus checks the wasm CLI against a FIFO made by Python.
  SECTION("a named pipe as lab.json does not block") {
    ScratchLab lab;
    REQUIRE(::unlink((lab.dir + "/lab.json").c_str()) == 0);
    REQUIRE(::mkfifo((lab.dir + "/lab.json").c_str(), 0600) == 0);
    CHECK(has_error_at(lab.load(), "labs/x/lab.json", "", "not a regular file"));
  }
#endif
  SECTION("a file over its cap") {
    ScratchLab lab;
    lab.write("reference.lua", std::string(kMaxLuaFileBytes + 1, '-'));
    CHECK(has_error_at(lab.load(), "labs/x/reference.lua", "", "larger than 1 MB"));
  }
}

TEST_CASE("bounds: seeds, streams and variants have upper limits", "[grade][package]") {
  ScratchLab lab;
  auto json = Json::parse(lab.read("lab.json"));
  json["seeds"] = Json::array();
  for (int i = 0; i < 101; ++i) json["seeds"].push_back(i);
  lab.write("lab.json", json.dump());
  CHECK(has_error_at(lab.load(), "labs/x/lab.json", "/seeds", "at most 100 seeds"));
}

TEST_CASE("duplicate lab ids across folders are errors", "[grade][package]") {
  ScratchLab lab;
  REQUIRE(std::system(("mkdir -p '" + lab.root + "/labs' && cp -r '" + lab.dir + "' '" + lab.root +
                       "/labs/a' && cp -r '" + lab.dir + "' '" + lab.root + "/labs/b'")
                          .c_str()) == 0);
  Diagnostics d;
  check_labs(lab.root, d);
  CHECK(has_error_at(d, "labs/b/lab.json", "/id", "is also the id of labs/a"));
}

// The hostile corpus (tests/hostile/*.lua): each script says on its first line what must stop
// it, and the run must end that way, with that message, under the default limits:
//   -- expect: limit NAME[: message part]    the run ends by hitting limit NAME
//   -- expect: error message part            the run ends with a learner error
//   -- expect: completed                     the run ends normally (and quickly)
// None may crash or hang the host (ctest's timeout catches a hang); ASan/UBSan must be clean.
// Real time per script is measured by bench/sandbox, not asserted here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sandbox/fake_host.h"

using namespace fl::sandbox;
using namespace fl::sandbox::testing;

namespace {

struct Expectation {
  Status status = Status::completed;
  std::string limit;
  std::string message;  // substring
};

Expectation parse(const std::string& first_line) {
  Expectation e;
  const std::string tag = "-- expect: ";
  REQUIRE(first_line.rfind(tag, 0) == 0);
  std::string rest = first_line.substr(tag.size());
  if (rest.rfind("limit ", 0) == 0) {
    e.status = Status::limit;
    rest = rest.substr(6);
    auto colon = rest.find(": ");
    e.limit = rest.substr(0, colon);
    if (colon != std::string::npos) e.message = rest.substr(colon + 2);
  } else if (rest.rfind("error ", 0) == 0) {
    e.status = Status::error;
    e.message = rest.substr(6);
  } else {
    REQUIRE(rest == "completed");
  }
  return e;
}

}  // namespace

TEST_CASE("every hostile script ends the way it says, with its message") {
  std::filesystem::path dir = std::filesystem::path(FL_SOURCE_DIR) / "tests" / "hostile";
  std::vector<std::filesystem::path> files;
  const char* only = std::getenv("FL_HOSTILE_ONLY");  // a debugging aid: one script by name
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".lua" && (!only || entry.path().filename() == only)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= (only ? 1u : 25u));
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string code = ss.str();
    Expectation e = parse(code.substr(0, code.find('\n')));
    Config c = config_for(code);
    c.chunkname = file.filename().string();
    auto r = run_code(std::move(c));
    INFO(file.filename().string() << ": " << r->result.summary());
    CHECK(r->result.status == e.status);
    CHECK(r->result.limit == e.limit);
    CHECK(r->result.message.find(e.message) != std::string::npos);
    if (e.status != Status::completed) CHECK(!r->result.message.empty());
  }
}

TEST_CASE("a run after a hostile one is unaffected") {
  auto bomb = run_code("local t = {} while true do t[#t + 1] = string.rep('x', 100) .. #t end");
  CHECK(bomb->result.status == Status::limit);
  auto ok = run_code("print('fine', #string.rep('x', 1000))");
  CHECK(ok->result.status == Status::completed);
  CHECK(ok->host.logs == std::vector<std::string>{"info fine\t1000"});
}

TEST_CASE("limits are configurable") {
  Config c = config_for("local n = 0 while true do n = n + 1 end");
  c.limits.instructions = 100'000;
  auto r = run_code(std::move(c));
  CHECK(r->result.limit == "instructions");
  CHECK(r->result.message == "solution.lua:1: instruction limit reached: the run executed more than 100000 "
                             "instructions (an endless loop?)");
  CHECK(r->stats.instructions > 100'000);
  CHECK(r->stats.instructions < 102'000);

  Config m = config_for("local t = {} for i = 1, 1e7 do t[i] = {} end");
  m.limits.memory_bytes = 4 << 20;
  auto rm = run_code(std::move(m));
  CHECK(rm->result.limit == "memory");
  CHECK(rm->result.message == "memory limit reached: the agents used more than 4 MB");
  CHECK(rm->stats.memory_peak <= 4 << 20);

  Config t = config_for("for i = 1, 20 do task.spawn(time.sleep, 1) end");
  t.limits.tasks = 10;
  auto rt = run_code(std::move(t));
  CHECK(rt->result.limit == "tasks");
  CHECK(rt->result.line == 1);

  Config l = config_for("for i = 1, 20 do log.info('x') end");
  l.limits.log_lines = 10;
  auto rl = run_code(std::move(l));
  CHECK(rl->result.limit == "log_output");
  CHECK(rl->host.logs.size() == 10);
}

TEST_CASE("huge error messages are cut to a few kilobytes") {
  auto runtime = run_code("error(string.rep('x', 8 * 1024 * 1024 - 100))");
  CHECK(runtime->result.status == Status::error);
  CHECK(runtime->result.message.size() <= 4000);
  CHECK(runtime->result.message.rfind("solution.lua:1: xxxx", 0) == 0);
  CHECK(runtime->result.message.substr(runtime->result.message.size() - 4) == "x...");
  // The parser quotes an unfinished string literal whole.
  auto syntax = run_code("local s = [[" + std::string(3'000'000, 'y'));
  CHECK(syntax->result.status == Status::error);
  CHECK(syntax->result.message.size() <= 4000);
  CHECK(syntax->result.message.find("unfinished long string") != std::string::npos);
}

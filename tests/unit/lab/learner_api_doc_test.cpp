// Every example in docs/learner-api.md runs to completion against the playground lab, so the
// document stays true as the API changes.
#include <catch2/catch.hpp>

#include "base/files.h"
#include "lab/run.h"

using namespace fl;

TEST_CASE("the examples in docs/learner-api.md run against the playground") {
  std::string error;
  auto doc = read_file(std::string(FL_SOURCE_DIR) + "/docs/learner-api.md", &error);
  REQUIRE(doc);
  Diagnostics d;
  auto lab = lab::load_lab(std::string(FL_SOURCE_DIR) + "/labs/00-playground", "labs/00-playground", d);
  INFO(d.to_string());
  REQUIRE(lab);
  auto shared = std::make_shared<const lab::Lab>(std::move(*lab));
  int examples = 0;
  std::size_t pos = 0;
  while ((pos = doc->find("```lua\n", pos)) != std::string::npos) {
    std::size_t start = pos + 7;
    std::size_t end = doc->find("```", start);
    REQUIRE(end != std::string::npos);
    // Examples inside list items are indented: drop the common indentation.
    std::string block = doc->substr(start, end - start), code;
    std::size_t indent = doc->rfind('\n', pos) == std::string::npos ? 0 : pos - doc->rfind('\n', pos) - 1;
    std::size_t line_start = 0;
    while (line_start < block.size()) {
      std::size_t nl = block.find('\n', line_start);
      std::string line = block.substr(line_start, nl - line_start);
      code += line.substr(std::min(indent, line.find_first_not_of(' ') == std::string::npos ? line.size()
                                                                                             : line.find_first_not_of(' ')));
      code += '\n';
      if (nl == std::string::npos) break;
      line_start = nl + 1;
    }
    ++examples;
    lab::Run run(shared, code, "example.lua", 1);
    run.run_to_end();
    INFO("example " << examples << ":\n" << code);
    INFO(run.summary().message);
    CHECK(run.summary().status == sandbox::Status::completed);
    pos = end + 3;
  }
  CHECK(examples >= 11);
}

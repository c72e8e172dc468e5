// Every ```lua block in a lesson compiles; a syntax error names the line in the .md file.
#include <catch2/catch.hpp>

#include "course/course_check.h"
#include "course/markdown.h"

using namespace fl;
using namespace fl::course;

namespace {

std::string check(const std::string& markdown) {
  Diagnostics diags;
  Document doc = parse_markdown(markdown, "content/lessons/02-rate-limits.md", diags);
  check_lua_blocks(doc, "content/lessons/02-rate-limits.md", diags);
  return diags.to_string();
}

}  // namespace

TEST_CASE("valid Lua blocks compile without running") {
  // error() would fail at run time; compiling must not run it.
  CHECK(check("# L\n\n```lua\nlocal x = 1\nerror('boom')\nreturn x\n```\n") == "");
  CHECK(check("```lua\n```\n") == "");
}

TEST_CASE("a syntax error is reported at its line in the Markdown file") {
  std::string md =
      "# Lesson\n"         // 1
      "\n"                 // 2
      "Some text.\n"       // 3
      "\n"                 // 4
      "```lua\n"           // 5
      "local a = 1\n"      // 6
      "local b = = 2\n"    // 7
      "```\n";             // 8
  CHECK(check(md) ==
        "content/lessons/02-rate-limits.md: line 7: error: Lua syntax error: unexpected symbol near '='\n");
}

TEST_CASE("line references inside Lua's message are mapped too") {
  std::string md =
      "Intro\n"                        // 1
      "\n"                             // 2
      "```lua\n"                       // 3
      "local function f()\n"           // 4
      "  if x then\n"                  // 5
      "    return 1\n"                 // 6
      "end\n"                          // 7
      "```\n";                         // 8
  CHECK(check(md) == "content/lessons/02-rate-limits.md: line 8: error: Lua syntax error: 'end' expected (to close "
                     "'function' at line 4) near <eof>\n");
}

TEST_CASE("Lua in list items and callouts is checked; other languages are not") {
  std::string md =
      "- item\n"              // 1
      "\n"                    // 2
      "  ```lua\n"            // 3
      "  x = (1\n"            // 4
      "  ```\n"               // 5
      "\n"                    // 6
      "> **Callout**\n"       // 7
      ">\n"                   // 8
      "> ```Lua\n"            // 9
      "> for i = 1 do end\n"  // 10
      "> ```\n"               // 11
      "\n"                    // 12
      "```text\n"             // 13
      "not ( lua\n"           // 14
      "```\n"                 // 15
      "```python\n"           // 16
      "def f(:\n"             // 17
      "```\n";                // 18
  std::string out = check(md);
  CHECK_THAT(out, Catch::Contains("content/lessons/02-rate-limits.md: line 5: error: Lua syntax error: ')' expected (to close '(' at line 4) near <eof>"));
  CHECK_THAT(out, Catch::Contains("content/lessons/02-rate-limits.md: line 10: error: Lua syntax error: ',' expected near 'do'"));
  CHECK(std::count(out.begin(), out.end(), '\n') == 2);
}

TEST_CASE("binary chunks are refused") {
  CHECK_THAT(check("```lua\n\x1bLua\n```\n"), Catch::Contains("line 2: error: Lua syntax error: attempt to load a binary chunk"));
}

TEST_CASE("lines end as CommonMark says: LF, CRLF or a lone CR, the same for blocks and Lua") {
  // Found by fuzzing: a block after lone-CR lines was numbered by LF only, and its Lua error
  // by every line break, which placed the error past the end of the file.
  const std::string expected =
      "content/lessons/02-rate-limits.md: line 5: error: Lua syntax error: unexpected symbol near '='\n";
  CHECK(check("# Lesson\r\rText.\r```lua\rlocal b = = 2\r```\r") == expected);
  CHECK(check("# Lesson\r\n\r\nText.\r\n```lua\r\nlocal b = = 2\r\n```\r\n") == expected);
  CHECK(check("# Lesson\n\rText.\r\n```lua\nlocal b = = 2\r```\n") == expected);
}

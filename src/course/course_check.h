#pragma once
// `faultline check` for content/: everything an instructor can get wrong in the course files.
#include <optional>
#include <string>

#include "base/diagnostic.h"
#include "course/course.h"
#include "course/markdown.h"

namespace fl::course {

// Validates ROOT/content: course.json, every lesson, quiz and the module test it lists (see
// load_course), and compiles every ```lua block in the lessons. Paths in diagnostics are
// relative to ROOT. Planned items are warnings; everything else wrong is an error.
// Returns the course (for cross-checks with labs/) when course.json could be loaded.
std::optional<Course> check_course(const std::string& root, Diagnostics& diags);

// Compiles (never runs) every code block whose language is "lua", anywhere in the lesson, as
// Lua 5.4 text chunks. A syntax error is reported as `file: line N: error: ...` with N the
// line in the Markdown file.
void check_lua_blocks(const Document& lesson, const std::string& file, Diagnostics& diags);

}  // namespace fl::course

#pragma once
// What a lesson must be beyond parsing Markdown (docs/content-format.md, "Lessons"): not empty,
// valid UTF-8, exactly one `#` title, and links only to http(s), mailto or in-course routes
// ("#/lesson/2"), so a lesson cannot carry a javascript: or data: link into the app.
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "course/markdown.h"

namespace fl::course {

// Reports each broken rule at `file` and "line N".
void check_lesson_rules(std::string_view text, const Document& doc, const std::string& file, Diagnostics& diags);

// Whether a link target is one a lesson may use.
bool is_allowed_link(std::string_view href);

}  // namespace fl::course

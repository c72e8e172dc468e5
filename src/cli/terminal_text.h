#pragma once
// Learner code decides the text of log lines and error messages; printed raw, an escape
// sequence in it could clear the terminal, retitle the window or hide lines of a CI log.
#include <string>
#include <string_view>

namespace fl::cli {

enum class Newlines { keep, escape };

// `s` made safe to print: control characters (ESC, CR, BEL, ... and C1 controls) and bytes
// that are not UTF-8 become visible escapes (\e, \r, \x07, \u009b, \xff); tabs stay, and
// newlines stay or become \n as asked.
std::string terminal_text(std::string_view s, Newlines newlines);

}  // namespace fl::cli

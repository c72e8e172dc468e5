#pragma once
// Results writers (the command-line contract in docs/architecture.md):
// - Exercism test-runner v3 shape plus Faultline's fields, one JSON object on one line;
// - Gradescope's autograder shape;
// - plain text for a person at a terminal.
// Nothing here reads a clock: the Gradescope execution time is passed in, and the Exercism
// JSON is identical natively and in wasm.
#include <string>

#include "grade/grader.h"

namespace fl::grade {

std::string exercism_json(const Report& report);
std::string gradescope_json(const Report& report, double execution_time_s);
std::string text_report(const Report& report);

}  // namespace fl::grade

#pragma once
// The one range check of JSON numbers every loader uses (lab.json sections, the world, check
// parameters): finite, within [min, max], whole when asked. Loaders keep their own wording;
// the rule of what passes lives here.
//
//   auto n = fl::check_number(value, 1, 100, /*whole=*/true);
//   if (n.problem == fl::NumberProblem::out_of_range) ...
#include <string>

#include "base/json_file.h"

namespace fl {

enum class NumberProblem { none, not_a_number, out_of_range, not_whole };

struct NumberCheck {
  double value = 0;  // valid only when problem == none
  NumberProblem problem = NumberProblem::none;
  bool ok() const { return problem == NumberProblem::none; }
};

// NaN and infinities (which JSON cannot spell but a parser may produce from "1e400") are out
// of range.
NumberCheck check_number(const Json& v, double min, double max, bool whole = false);

// A bound or value for messages: "100", "0.5", "1e+15".
std::string number_text(double d);

}  // namespace fl

#include "base/json_number.h"

#include <cmath>

namespace fl {

NumberCheck check_number(const Json& v, double min, double max, bool whole) {
  NumberCheck out;
  if (!v.is_number()) {
    out.problem = NumberProblem::not_a_number;
    return out;
  }
  double d = v.get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    out.problem = NumberProblem::out_of_range;
    return out;
  }
  if (whole && d != std::floor(d)) {
    out.problem = NumberProblem::not_whole;
    return out;
  }
  out.value = d;
  return out;
}

std::string number_text(double d) {
  return d == static_cast<double>(static_cast<long long>(d)) && d > -1e15 && d < 1e15
             ? std::to_string(static_cast<long long>(d))
             : Json(d).dump();
}

}  // namespace fl

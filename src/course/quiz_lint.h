#pragma once
// Style checks on quizzes that the format itself allows: today, the length cue. When the
// correct option is usually the longest one, a test-wise learner passes by picking the longest
// option without reading the lesson. `faultline check` warns once per quiz file.
#include <cstddef>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "course/course.h"
#include "course/quiz.h"

namespace fl::course {

// A file is judged once it has this many active single-answer questions; fewer show no pattern.
inline constexpr std::size_t kLengthCueMinQuestions = 3;

struct LengthCue {
  std::size_t judged = 0;                        // active single-answer questions
  std::vector<std::string> correct_is_longest;   // ids of those whose correct option is the longest
  // True when the correct option is the longest in more than a third of the judged questions.
  bool too_often() const;
};

// Length is counted in Unicode code points of the option text as written. The correct option
// counts as the longest when no other option is longer (a tie counts: it is no shorter).
std::size_t option_length(const std::string& text);
LengthCue length_cue(const Quiz& quiz);

// Warns, per quiz and module-test file of the course, when length_cue(...).too_often().
void lint_option_lengths(const Course& course, Diagnostics& diags);

}  // namespace fl::course

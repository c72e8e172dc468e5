#include "course/quiz_lint.h"

namespace fl::course {

bool LengthCue::too_often() const {
  return judged >= kLengthCueMinQuestions && correct_is_longest.size() * 3 > judged;
}

std::size_t option_length(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;  // count lead bytes only: continuation bytes are 10xxxxxx
  return n;
}

LengthCue length_cue(const Quiz& quiz) {
  LengthCue cue;
  for (const Question& q : quiz.questions) {
    if (q.retired || q.kind != QuestionKind::single) continue;
    ++cue.judged;
    std::size_t correct = 0, longest_other = 0;
    for (const Option& o : q.options) {
      std::size_t len = option_length(o.text);
      if (o.correct)
        correct = len;
      else if (len > longest_other)
        longest_other = len;
    }
    if (correct >= longest_other) cue.correct_is_longest.push_back(q.id);
  }
  return cue;
}

void lint_option_lengths(const Course& course, Diagnostics& diags) {
  for (const OutlineItem& item : course.outline.items) {
    if (item.kind != ItemKind::quiz && item.kind != ItemKind::test) continue;
    const Quiz* quiz = course.quiz(item.id);
    if (!quiz) continue;
    LengthCue cue = length_cue(*quiz);
    if (!cue.too_often()) continue;
    std::string ids;
    for (const std::string& id : cue.correct_is_longest) ids += (ids.empty() ? "" : ", ") + id;
    diags.warning("content/" + item.file, "/questions",
                  "the correct option is the longest in " + std::to_string(cue.correct_is_longest.size()) + " of " +
                      std::to_string(cue.judged) +
                      " single-answer questions (at most a third is allowed), so picking the longest option passes "
                      "without reading; shorten the correct option or lengthen the distractors in: " + ids);
  }
}

}  // namespace fl::course

#pragma once
// Taking a quiz or the module test: the questions with their options in this attempt's
// shuffled order (radio buttons for single-answer questions, checkboxes for multiple), Submit,
// then the score against the pass mark and a review of every question (which options were
// right, the learner's picks, each option's feedback, the explanation). Retake starts a new
// attempt with a new shuffle. Nothing about correctness is drawn before submission: the
// engine does not even expose it (course::PresentedQuestion).
#include "ui/views.h"

namespace fl::ui {

enum class AttemptKind { quiz, module_test };

void draw_attempt(const ViewContext& ctx, const course::OutlineItem& item, AttemptKind kind);
// "Passed · best 88% · 3 attempts", once there is a submitted attempt.
void draw_best_result(const ViewContext& ctx, const course::OutlineItem& item);

}  // namespace fl::ui

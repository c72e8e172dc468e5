// #/test: the module test. Same engine as the quizzes; the difference the learner sees is that
// nothing is revealed while answering, and the review after submission points at the lesson
// behind every missed question.
#include "ui/attempt_view.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_test_view(const ViewContext& ctx, const course::OutlineItem& item) {
  const AppState& s = ctx.state;
  auto quiz = s.quizzes.find(item.id);
  if (quiz != s.quizzes.end()) {
    const int pass = static_cast<int>(quiz->second.pass_mark.per_10000 / 100);
    wrapped(ctx.fonts.body, ctx.palette.text_dim,
            std::to_string(quiz->second.active_count()) + " questions across the module \u00b7 " +
                std::to_string(pass) +
                "% passes. Answer them all, then submit: the answers and explanations are revealed only "
                "after submission. You can retake the test; your best result counts.");
    draw_best_result(ctx, item);
  }
  draw_attempt(ctx, item, AttemptKind::module_test);
}

}  // namespace fl::ui

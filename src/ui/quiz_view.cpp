// #/quiz/N: what the quiz is (questions, pass mark, your best so far), then the attempt.
#include "ui/attempt_view.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_quiz_view(const ViewContext& ctx, const course::OutlineItem& item) {
  const AppState& s = ctx.state;
  auto quiz = s.quizzes.find(item.id);
  if (quiz != s.quizzes.end()) {
    const int pass = static_cast<int>(quiz->second.pass_mark.per_10000 / 100);
    std::string intro = std::to_string(quiz->second.active_count()) + " questions \u00b7 pass mark " +
                        std::to_string(pass) + "% \u00b7 retake it as often as you like. After you submit, " +
                        "every option is explained.";
    wrapped(ctx.fonts.body, ctx.palette.text_dim, intro);
    draw_best_result(ctx, item);
  }
  draw_attempt(ctx, item, AttemptKind::quiz);
}

}  // namespace fl::ui

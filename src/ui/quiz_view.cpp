// The quiz view: the hook a later feature fills in. For now it says what will be shown.
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_quiz_view(const ViewContext& ctx, const course::OutlineItem& item) {
  wrapped(ctx.fonts.body, ctx.palette.text_dim,
          "Taking quizzes arrives in a later version; "
          "the quiz's file is " +
              item.file + ".");
}

}  // namespace fl::ui

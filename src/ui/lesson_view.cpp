// The lesson view: the hook a later feature fills in. For now it says what will be shown.
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_lesson_view(const ViewContext& ctx, const course::OutlineItem& item) {
  wrapped(ctx.fonts.body, ctx.palette.text_dim,
          "The lesson reader (Markdown rendered with md4c) arrives in a later version; "
          "the lesson's file is " +
              item.file + ".");
}

}  // namespace fl::ui

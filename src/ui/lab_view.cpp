// The lab view: the hook a later feature fills in. For now it says what will be shown.
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_lab_view(const ViewContext& ctx, const course::OutlineItem& item) {
  wrapped(ctx.fonts.body, ctx.palette.text_dim,
          "The lab workspace (brief, editor, Run and Submit, timeline, checks) arrives in a later version; "
          "the lab's folder is labs/" +
              item.dir + ".");
}

}  // namespace fl::ui

// #/playground when the bundle holds no playground lab (a course without one): says so. With
// one, the shell draws the lab workspace (lab_workspace_view.cpp) without Submit and checks.
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_playground_view(const ViewContext& ctx) {
  kicker(ctx, "PLAYGROUND", ctx.palette.accent);
  heading(ctx, "Playground");
  wrapped(ctx.fonts.body, ctx.palette.text_dim,
          "This course has no playground: none of its labs/ folders is a lab of kind \"playground\".");
}

}  // namespace fl::ui

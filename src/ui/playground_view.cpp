// #/playground: a free-play world (a lab of kind "playground"). It arrives with the sandbox.
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_playground_view(const ViewContext& ctx) {
  kicker(ctx, "PLAYGROUND", ctx.palette.accent);
  heading(ctx, "Playground");
  wrapped(ctx.fonts.body, ctx.palette.text_dim,
          "A free-play world: write Lua against the mock API and watch every request on the timeline, "
          "with no checks and no grades.");
  ImGui::Dummy(ImVec2(0, 6));
  callout(ctx, "Arrives with the sandbox",
          "The playground needs the Lua sandbox and the mock API server, which come in a later version.",
          ctx.palette.planned);
}

}  // namespace fl::ui

// #/playground: the free-play world (labs/00-playground): no checks, no grades. Until the
// in-browser editor lands, the page says how to run code against it with the CLI.
#include "ui/code_block.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_playground_view(const ViewContext& ctx) {
  kicker(ctx, "PLAYGROUND", ctx.palette.accent);
  heading(ctx, "Playground");
  wrapped(ctx.fonts.body, ctx.palette.text_dim,
          "A free-play world: write Lua against the mock API and see every request, response and log "
          "line, with no checks and no grades. Its world has an echo service, a rate-limited endpoint and "
          "a flaky one, so you can try the learner API (http.request, time.sleep, task.spawn, log, "
          "metrics) before a graded lab.");
  ImGui::Dummy(ImVec2(0, 8));
  callout(ctx, "Run code against it from the command line",
          "Copy labs/00-playground/starter.lua (it has a main(ctx) to start from), edit it and run it: the CLI prints the outcome, the requests "
          "by status and your log lines. Add --trace FILE to keep the whole request timeline as JSON Lines, "
          "and --seed N to replay another run of the same world.",
          ctx.palette.accent);
  ImGui::Dummy(ImVec2(0, 10));
  code_block(ctx, "faultline run labs/00-playground my.lua\nfaultline run labs/00-playground my.lua --seed 7 --trace trace.jsonl\n",
             "sh", "playground:commands");
}

}  // namespace fl::ui

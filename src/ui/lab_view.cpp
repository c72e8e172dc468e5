// #/lab/N for a lab that is not written yet: what it will cover (course.json's title and
// summary). A written lab opens the workspace instead (lab_workspace_view.cpp), which the
// shell draws across the whole content pane.
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_lab_view(const ViewContext& ctx, const course::OutlineItem& item) {
  if (!item.planned) {
    // Only reached when the bundle lacks the lab's folder (the workspace shows load errors).
    wrapped(ctx.fonts.body, ctx.palette.danger, "This lab's files are missing from the app's bundle (labs/" + item.dir + ").");
    return;
  }
  std::string body = item.summary.empty() ? "Its scenario has not been written yet." : item.summary;
  callout(ctx, "This lab is planned: here is what it will cover", body, ctx.palette.planned);
  ImGui::Dummy(ImVec2(0, 10));
  wrapped(ctx.fonts.body, ctx.palette.text_dim,
          "Like every Faultline lab, it will run your Lua code against a mock API in simulated time, with "
          "faults injected on purpose, and a grader will explain check by check what your code did right "
          "and wrong. Until it is written, the lesson and quiz before it cover the same ground.");
}

}  // namespace fl::ui

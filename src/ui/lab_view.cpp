// #/lab/N: the lab's brief (the same Markdown reader as lessons), the code editor (its draft,
// starting as starter.lua) and the exact commands that run and grade a solution with the
// faultline CLI. A planned lab says what it will cover (course.json's title and summary).
#include <imgui_internal.h>

#include "ui/code_block.h"
#include "ui/code_editor.h"
#include "ui/markdown_view.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

void draw_planned_lab(const ViewContext& ctx, const course::OutlineItem& item) {
  std::string body = item.summary.empty() ? "Its scenario has not been written yet." : item.summary;
  callout(ctx, "This lab is planned: here is what it will cover", body, ctx.palette.planned);
  ImGui::Dummy(ImVec2(0, 10));
  wrapped(ctx.fonts.body, ctx.palette.text_dim,
          "Like every Faultline lab, it will run your Lua code against a mock API in simulated time, with "
          "faults injected on purpose, and a grader will explain check by check what your code did right "
          "and wrong. Until it is written, the lesson and quiz before it cover the same ground.");
}

}  // namespace

void draw_lab_view(const ViewContext& ctx, const course::OutlineItem& item) {
  const Palette& p = ctx.palette;
  if (item.planned) {
    draw_planned_lab(ctx, item);
    return;
  }
  auto it = ctx.state.labs.find(item.id);
  if (it == ctx.state.labs.end()) return;
  const LabFiles& lab = it->second;
  if (!lab.error.empty()) wrapped(ctx.fonts.body, p.danger, lab.error);
  if (!lab.summary.empty()) {
    wrapped(ctx.fonts.body, p.text_dim, lab.summary);
    ImGui::Dummy(ImVec2(0, 8));
  }

  // How to work on it now: the command line grades exactly as the browser will.
  const std::string dir = "labs/" + item.dir;
  callout(ctx, "Work on this lab from the command line",
          "Save the starter code below as my.lua and edit it. The first command runs your code once against "
          "the mock API and prints what happened; the second grades it on every seed of the lab, check by "
          "check, exactly as the course does.",
          p.accent);
  ImGui::Dummy(ImVec2(0, 10));
  code_block(ctx, "faultline run " + dir + " my.lua\nfaultline grade " + dir + " my.lua\n", "sh",
             "lab:commands");

  subheading(ctx, "The brief");
  ImGui::Dummy(ImVec2(0, 4));
  draw_markdown(ctx, lab.brief, "lab:" + item.id);

  ImGui::Dummy(ImVec2(0, 8));
  subheading(ctx, "Your code (starts as starter.lua, saved as you type)");
  ImGui::Dummy(ImVec2(0, 6));
  const float column = ImGui::CalcWrapWidthForPos(ImGui::GetCursorScreenPos(), ImGui::GetCurrentWindow()->DC.TextWrapPos);
  code_editor(ctx, "lab:" + item.id, ImVec2(column, 420), EditorMarker{});
}

}  // namespace fl::ui

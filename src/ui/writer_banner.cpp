// The banner of a tab that reads only: another tab of this browser holds the write lock. It
// says so plainly and offers to take over (which reloads the progress before writing).
#include <imgui_internal.h>

#include "ui/test_items.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_writer_banner(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  if (!s.storage_ready || s.save.writer) return;
  const Palette& p = ctx.palette;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float wrap = ImGui::GetCurrentWindow()->DC.TextWrapPos;
  const float width = wrap > 0 ? wrap - ImGui::GetCursorPosX() : ImGui::GetContentRegionAvail().x;
  const float pad = 16;
  ImGui::Dummy(ImVec2(0, pad));
  ImGui::Indent(pad + 4);
  ImGui::PushTextWrapPos(wrap > 0 ? wrap - pad : 0);
  wrapped(ctx.fonts.bold, p.text, "This course is open in another tab");
  wrapped(ctx.fonts.body, p.text_dim,
          "That tab saves your progress. This one shows it and follows along, but records nothing: "
          "answers, visits and settings made here would be lost. Choose \"Use here\" to continue in this "
          "tab; the other one then stops saving.");
  record_item("This course is open in another tab", "writer:banner");
  ImGui::Dummy(ImVec2(0, 8));
  if (pill(ctx, "Use here", "writer:use-here", Mark::none, false)) ctx.actions.take_over = true;
  ImGui::PopTextWrapPos();
  ImGui::Unindent(pad + 4);
  const float bottom = ImGui::GetCursorScreenPos().y + pad;
  ImGui::Dummy(ImVec2(0, pad));
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(start, ImVec2(start.x + width, bottom), p.surface, 8);
  dl->AddRectFilled(start, ImVec2(start.x + 4, bottom), p.warning, 8, ImDrawFlags_RoundCornersLeft);
  dl->ChannelsMerge();
  ImGui::Dummy(ImVec2(0, 16));
}

}  // namespace fl::ui

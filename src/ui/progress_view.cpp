// #/progress: every item of the course with its mark, and a summary line per kind.
#include <imgui_internal.h>

#include "ui/test_items.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

void draw_progress_view(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  const Palette& p = ctx.palette;
  kicker(ctx, "PROGRESS", p.accent);
  heading(ctx, "Your progress");
  if (!s.outline) return;

  int lessons = 0, visited = 0, planned = 0, quizzes = 0, passed = 0;
  for (const auto& item : s.outline->items) {
    if (item.planned) ++planned;
    if (item.kind == course::ItemKind::lesson) {
      ++lessons;
      if (s.visited_lessons.count(item.id)) ++visited;
    }
    if (item.kind == course::ItemKind::quiz && !item.planned) {
      ++quizzes;
      if (item_mark(s, item) == Mark::done) ++passed;
    }
  }
  std::string summary = std::to_string(visited) + " of " + std::to_string(lessons) + " lessons visited, " +
                        std::to_string(passed) + " of " + std::to_string(quizzes) + " quizzes passed. ";
  if (planned > 0)
    summary += std::to_string(planned) + " of " + std::to_string(s.outline->items.size()) +
               " items are still planned. ";
  summary += "Quizzes and the module test keep your best score; retake them whenever you like.";
  wrapped(ctx.fonts.body, p.text_dim, summary);
  ImGui::Dummy(ImVec2(0, 8));

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(10, 8));
  const float width = ImGui::GetCurrentWindow()->DC.TextWrapPos - ImGui::GetCursorPosX();
  if (ImGui::BeginTable("##progress", 3, flags, ImVec2(width, 0))) {
    ImGui::TableSetupColumn("Item", ImGuiTableColumnFlags_WidthFixed, 120);
    ImGui::TableSetupColumn("Title", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, 210);
    for (const auto& item : s.outline->items) {
      const Mark mark = item_mark(s, item);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string hash = item_hash(item);
      if (pill(ctx, kind_label(item), "progress:" + hash, mark, false)) ctx.actions.navigate = hash;
      ImGui::TableNextColumn();
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 6);
      ImGui::PushTextWrapPos(0);
      wrapped(ctx.fonts.body, item.planned ? p.text_dim : p.text, item.title);
      ImGui::PopTextWrapPos();
      ImGui::TableNextColumn();
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 6);
      const bool attempted = mark == Mark::visited && item.kind != course::ItemKind::lesson;
      const ImU32 color = attempted ? p.warning : (mark == Mark::visited || mark == Mark::done ? p.done : p.text_dim);
      const std::string status = item_status(s, item);
      wrapped(ctx.fonts.body, color, status);
      record_item(status, "status:" + hash);
    }
    ImGui::EndTable();
  }
  ImGui::PopStyleVar();
}

}  // namespace fl::ui

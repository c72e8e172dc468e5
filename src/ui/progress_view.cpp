// #/progress: an overall measure, the module test, a legend of the marks, then every item of
// the course with its mark and status.
#include <imgui_internal.h>

#include <cmath>

#include "ui/test_items.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

// A bar filled to `fraction` of the text column.
void draw_progress_bar(const ViewContext& ctx, float fraction) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float width = ImGui::CalcWrapWidthForPos(start, window->DC.TextWrapPos);
  const float h = 10;
  ImGui::Dummy(ImVec2(width, h));
  ImDrawList* dl = window->DrawList;
  dl->AddRectFilled(start, ImVec2(start.x + width, start.y + h), ctx.palette.surface_hover, h * 0.5f);
  if (fraction > 0)
    dl->AddRectFilled(start, ImVec2(start.x + std::max(h, std::round(width * fraction)), start.y + h), ctx.palette.done,
                      h * 0.5f);
}

void draw_legend(const ViewContext& ctx) {
  const Palette& p = ctx.palette;
  subheading(ctx, "What the marks mean");
  ImGui::Dummy(ImVec2(0, 4));
  constexpr Mark kMarks[] = {Mark::not_started, Mark::visited, Mark::read,   Mark::in_progress,
                             Mark::attempted,   Mark::passed,  Mark::planned};
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchSame;
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(4, 5));
  const float width = ImGui::GetCurrentWindow()->DC.TextWrapPos - ImGui::GetCursorPosX();
  if (ImGui::BeginTable("##legend", 2, flags, ImVec2(width, 0))) {
    for (Mark mark : kMarks) {
      ImGui::TableNextColumn();
      const ImVec2 pos = ImGui::GetCursorScreenPos();
      const float line = ImGui::GetFontSize();
      draw_mark(ImGui::GetWindowDrawList(), ImVec2(pos.x + 8, std::round(pos.y + line * 0.5f)), 6.5f, mark, p);
      ImGui::Indent(24);
      ImGui::PushTextWrapPos(0);
      const char* label = mark == Mark::planned ? "Planned" : mark_text(mark);  // its meaning follows
      wrapped(ctx.fonts.bold, mark_color(mark, p) == p.text_dim ? p.text : mark_color(mark, p), label);
      record_item(label, std::string("legend:") + label);
      wrapped(ctx.fonts.small, p.text_dim, mark_meaning(mark));
      ImGui::PopTextWrapPos();
      ImGui::Unindent(24);
    }
    ImGui::EndTable();
  }
  ImGui::PopStyleVar();
}

}  // namespace

void draw_progress_view(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  const Palette& p = ctx.palette;
  kicker(ctx, "PROGRESS", p.accent);
  heading(ctx, "Your progress");
  if (!s.outline) return;

  const ProgressSummary sum = progress_summary(s);
  ImGui::Dummy(ImVec2(0, 6));
  const std::string overall = "Overall: " + std::to_string(sum.complete) + " of " + std::to_string(sum.counted) +
                              " done (" + std::to_string(sum.percent()) + "%)";
  wrapped(ctx.fonts.h3, p.text, overall);
  record_item(overall, "progress:overall");
  ImGui::Dummy(ImVec2(0, 2));
  draw_progress_bar(ctx, sum.counted ? static_cast<float>(sum.complete) / static_cast<float>(sum.counted) : 0);
  ImGui::Dummy(ImVec2(0, 4));
  std::string detail = "Lessons read to the end: " + std::to_string(sum.lessons_read) + " of " +
                       std::to_string(sum.lessons) + " (" + std::to_string(sum.lessons_visited) +
                       " opened). Quizzes passed: " + std::to_string(sum.quizzes_passed) + " of " +
                       std::to_string(sum.quizzes) + " (" + std::to_string(sum.quizzes_attempted) +
                       " submitted). Labs passed: " + std::to_string(sum.labs_passed) + " of " +
                       std::to_string(sum.labs) + " (" + std::to_string(sum.labs_submitted) + " submitted).";
  wrapped(ctx.fonts.body, p.text_dim, detail);
  record_item(detail, "progress:detail");
  if (sum.has_test) {
    ImGui::Dummy(ImVec2(0, 4));
    ImGui::PushFont(ctx.fonts.bold);
    ImGui::TextUnformatted("Module test: ");
    ImGui::PopFont();
    ImGui::SameLine(0, 0);
    wrapped(ctx.fonts.bold, mark_color(sum.test, p), sum.test_status);
    record_item(sum.test_status, "progress:test");
  }
  ImGui::Dummy(ImVec2(0, 4));
  std::string note =
      "Lessons count once read to their end; quizzes, labs and the module test once passed, and "
      "they keep your best score, so retake or resubmit them whenever you like.";
  if (sum.planned > 0)
    note += " " + std::to_string(sum.planned) + " of " + std::to_string(sum.items) + " items are still planned.";
  wrapped(ctx.fonts.body, p.text_dim, note);
  ImGui::Dummy(ImVec2(0, 8));
  draw_legend(ctx);
  ImGui::Dummy(ImVec2(0, 14));

  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_PadOuterX;
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(10, 8));
  const float width = ImGui::GetCurrentWindow()->DC.TextWrapPos - ImGui::GetCursorPosX();
  if (ImGui::BeginTable("##progress", 3, flags, ImVec2(width, 0))) {
    ImGui::TableSetupColumn("Item", ImGuiTableColumnFlags_WidthFixed, 140);
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
      const std::string status = item_status(s, item);
      ImGui::PushTextWrapPos(0);
      wrapped(ctx.fonts.body, mark_color(mark, p), status);
      ImGui::PopTextWrapPos();
      record_item(status, "status:" + hash);
    }
    ImGui::EndTable();
  }
  ImGui::PopStyleVar();
}

}  // namespace fl::ui

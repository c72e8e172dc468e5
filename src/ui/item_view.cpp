// An outline item (lesson, quiz, lab, module test): kind and number, title, status; then the
// kind's own view (lesson_view.cpp, quiz_view.cpp, lab_view.cpp, test_view.cpp) or, for a
// planned item, a note that it is not written yet; then links to the previous and next items.
#include <imgui_internal.h>

#include <cctype>

#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

const char* planned_body(course::ItemKind kind) {
  switch (kind) {
    case course::ItemKind::lesson:
      return "This lesson is part of the course outline, but its text has not been written yet. "
             "It will appear here as soon as it is.";
    case course::ItemKind::quiz:
      return "This quiz is part of the course outline, but its questions have not been written yet. "
             "Once they are, you can take it here as often as you like.";
    case course::ItemKind::lab:
      return "This lab is part of the course outline, but its scenario has not been written yet. "
             "Labs run your Lua code against a mock API in simulated time and explain, check by check, "
             "what it did right and wrong.";
    case course::ItemKind::test:
      return "The module test has not been written yet. It will have 15 questions; 70% passes.";
  }
  return "";
}

void draw_neighbours(const ViewContext& ctx, const course::OutlineItem& item) {
  const auto& items = ctx.state.outline->items;
  std::size_t index = 0;
  while (index < items.size() && &items[index] != &item) ++index;
  if (index == items.size()) return;

  ImGui::Dummy(ImVec2(0, 12));
  rule(ctx);
  ImGui::Dummy(ImVec2(0, 4));
  const float right = ImGui::GetCurrentWindow()->DC.TextWrapPos;
  if (index > 0) {
    const auto& prev = items[index - 1];
    const std::string label = "\u2039 Previous: " + prev.title;
    if (link(ctx, label, "prev")) ctx.actions.navigate = item_hash(prev);
  }
  if (index + 1 < items.size()) {
    const auto& next = items[index + 1];
    const std::string label = "Next: " + next.title + " \u203a";
    const float w = ImGui::CalcTextSize(label.c_str()).x;
    if (index > 0) {
      ImGui::SameLine();
      // Right-align when both fit on one row, else put "next" on its own row.
      if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
    }
    if (right > 0 && ImGui::GetCursorPosX() + w <= right) ImGui::SetCursorPosX(right - w);
    if (link(ctx, label, "next")) ctx.actions.navigate = item_hash(next);
  }
}

}  // namespace

void draw_item_view(const ViewContext& ctx, const course::OutlineItem& item) {
  const Palette& p = ctx.palette;
  const Mark mark = item_mark(ctx.state, item);

  std::string kicker_text = kind_label(item);
  for (char& c : kicker_text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  kicker(ctx, kicker_text, p.accent);
  heading(ctx, item.title);
  if (mark != Mark::not_started) badge(ctx, mark == Mark::planned ? "Planned" : mark_text(mark), mark_color(mark, p));
  ImGui::Dummy(ImVec2(0, 6));

  if (item.planned && item.kind == course::ItemKind::lab) {
    draw_lab_view(ctx, item);  // says what the lab will cover
  } else if (item.planned) {
    callout(ctx, "Planned \u2014 not written yet", planned_body(item.kind), p.planned);
  } else {
    switch (item.kind) {
      case course::ItemKind::lesson: draw_lesson_view(ctx, item); break;
      case course::ItemKind::quiz: draw_quiz_view(ctx, item); break;
      case course::ItemKind::lab: draw_lab_view(ctx, item); break;
      case course::ItemKind::test: draw_test_view(ctx, item); break;
    }
  }
  draw_neighbours(ctx, item);
}

}  // namespace fl::ui

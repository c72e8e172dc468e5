// The navigation bar: the course in teaching order (L1 · Quiz · Lab · L2 · ... · Module test),
// each entry with its progress mark; wraps onto more rows when the window is narrow.
#include <imgui_internal.h>

#include <cmath>

#include "ui/test_items.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

constexpr float kPadX = 16;
constexpr float kPadY = 10;

float pill_width(const std::string& label) { return std::round(ImGui::CalcTextSize(label.c_str()).x + 22 + 15); }

void draw_tooltip(const ViewContext& ctx, const course::OutlineItem& item, Mark mark) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22);
  wrapped(ctx.fonts.small, ctx.palette.text_dim, kind_label(item));
  wrapped(ctx.fonts.bold, ctx.palette.text, item.title);
  const std::string status = item_status(ctx.state, item);
  wrapped(ctx.fonts.small, mark_color(mark, ctx.palette), status);
  record_item(status, "nav-status:" + item_hash(item));  // the mark in words, for tests
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace

void draw_nav_bar(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  const Palette& p = ctx.palette;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetWindowWidth();
  if (!s.outline) return;

  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 6));
  ImGui::SetCursorScreenPos(ImVec2(origin.x + kPadX, origin.y + kPadY));
  const float line_start = origin.x + kPadX;
  const float max_x = origin.x + width - kPadX;
  const float sep_w = std::round(ImGui::CalcTextSize("\u00b7").x + 10);

  float x = line_start;  // right edge of the last entry on the current row
  bool first = true;
  for (const course::OutlineItem& item : s.outline->items) {
    const std::string label = short_label(item);
    const float w = pill_width(label);
    if (!first) {
      if (x + sep_w + w > max_x) {
        x = line_start;  // wrap: the next entry starts a new row
      } else {
        ImGui::SameLine(0, 0);
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(sep_w, ImGui::GetFontSize() + 12));
        const ImVec2 dot = ImGui::CalcTextSize("\u00b7");
        dl->AddText(ImVec2(std::floor(pos.x + (sep_w - dot.x) * 0.5f), pos.y + 6), p.text_dim, "\u00b7");
        ImGui::SameLine(0, 0);
      }
    }
    first = false;
    const Mark mark = item_mark(s, item);
    const bool selected =
        s.route_valid && s.route.page == Page::item && s.route.kind == item.kind && s.route.number == item.number;
    const std::string hash = item_hash(item);
    if (pill(ctx, label, "nav:" + hash, mark, selected)) ctx.actions.navigate = hash;
    if (ImGui::IsItemHovered()) draw_tooltip(ctx, item, mark);
    x = ImGui::GetItemRectMax().x;
  }
  ImGui::PopStyleVar();

  const float bottom = std::floor(ImGui::GetCursorScreenPos().y + kPadY - 6);
  dl->AddLine(ImVec2(origin.x, bottom - 0.5f), ImVec2(origin.x + width, bottom - 0.5f), p.border);
  ImGui::SetCursorScreenPos(ImVec2(origin.x, bottom));
  ImGui::Dummy(ImVec2(0, 0));
}

}  // namespace fl::ui

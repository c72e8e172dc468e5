#include "ui/lesson_outline.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "ui/pixel_snap.h"
#include "ui/test_items.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

constexpr float kSidebarGap = 40;   // between the text column and the outline
constexpr float kSidebarMin = 190;  // narrower than this: the outline goes above the text
constexpr float kSidebarMax = 260;
constexpr float kSidebarMargin = 16;  // to the window's right edge

void collect_headings(const std::vector<course::Block>& blocks, std::size_t first, std::vector<OutlineHeading>& out,
                      int& index) {
  for (std::size_t i = first; i < blocks.size(); ++i) {
    const course::Block& b = blocks[i];
    if (b.kind == course::BlockKind::heading) {
      out.push_back({index++, b.level, course::plain_text(b.spans)});
      continue;
    }
    collect_headings(b.children, 0, out, index);
  }
}

// One outline entry: wrapped text, clickable, with a bar when it is the current section.
bool outline_entry(const ViewContext& ctx, const OutlineHeading& h, float width, bool current) {
  const Palette& p = ctx.palette;
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const float indent = h.level >= 3 ? 14 : 0;
  const float pad_x = 12, pad_y = 4;
  const std::string id = "toc:" + h.text;
  ImGui::PushFont(h.level >= 3 ? ctx.fonts.small : ctx.fonts.body);
  const float wrap = width - indent - pad_x;
  const ImVec2 ts = ImGui::CalcTextSize(h.text.c_str(), nullptr, false, wrap);
  const ImVec2 pos = window->DC.CursorPos;
  const ImRect bb(pos, pos + ImVec2(width, std::round(ts.y + pad_y * 2)));
  ImGui::ItemSize(bb);
  bool pressed = false;
  const ImGuiID gid = window->GetID(id.c_str());
  if (ImGui::ItemAdd(bb, gid)) {
    bool hovered = false, held = false;
    pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held);
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ImDrawList* dl = window->DrawList;
    if (hovered) dl->AddRectFilled(bb.Min, bb.Max, p.surface_hover, 4);
    dl->AddRectFilled(bb.Min, ImVec2(bb.Min.x + 2, bb.Max.y), current ? p.accent : p.border);
    add_text_snapped(dl, ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(bb.Min.x + pad_x + indent, bb.Min.y + pad_y),
                     current ? p.text : p.text_dim, h.text.c_str(), h.text.c_str() + h.text.size(), wrap);
    record_item(h.text, id);
  }
  ImGui::PopFont();
  return pressed;
}

bool in_outline(const OutlineHeading& h) { return h.level == 2 || h.level == 3; }

}  // namespace

std::vector<OutlineHeading> lesson_headings(const course::Document& doc, bool skip_title) {
  std::vector<OutlineHeading> out;
  int index = 0;
  std::size_t first = 0;
  if (skip_title && !doc.blocks.empty() && doc.blocks[0].kind == course::BlockKind::heading && doc.blocks[0].level == 1)
    first = 1;
  collect_headings(doc.blocks, first, out, index);
  return out;
}

float outline_sidebar_width() {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const float column_right = window->DC.TextWrapPos;  // window-local
  const float room = window->Size.x - ImGui::GetStyle().ScrollbarSize - column_right - kSidebarGap - kSidebarMargin;
  return room >= kSidebarMin ? std::min(room, kSidebarMax) : 0;
}

void draw_outline_sidebar(const ViewContext& ctx, const std::string& lesson_id,
                          const std::vector<OutlineHeading>& headings, const std::vector<float>& heading_y) {
  const float width = outline_sidebar_width();
  if (width <= 0 || headings.empty()) return;
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  // The section being read: the last heading above the upper third of the view.
  const float reading_line = ImGui::GetScrollY() + ImGui::GetWindowHeight() / 3;
  int current = -1;
  for (const OutlineHeading& h : headings)
    if (in_outline(h) && h.index < static_cast<int>(heading_y.size()) &&
        heading_y[static_cast<std::size_t>(h.index)] <= reading_line)
      current = h.index;

  // Fixed in the view: placed at the visible top each frame, without growing the page.
  const ImVec2 saved_cursor = window->DC.CursorPos, saved_max = window->DC.CursorMaxPos;
  const float saved_indent = window->DC.Indent.x;
  const float x = window->Pos.x + window->DC.TextWrapPos + kSidebarGap;
  window->DC.Indent.x = x - window->Pos.x;
  ImGui::SetCursorScreenPos(ImVec2(x, window->Pos.y + 28));
  ImGui::PushTextWrapPos(x - window->Pos.x + width);  // the text column's wrap is to the left
  kicker(ctx, "ON THIS PAGE", ctx.palette.text_dim);
  ImGui::Dummy(ImVec2(0, 2));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  for (const OutlineHeading& h : headings)
    if (in_outline(h) && outline_entry(ctx, h, width, h.index == current))
      ctx.actions.jump_to_heading = std::make_pair(lesson_id, h.index);
  ImGui::PopStyleVar();
  ImGui::PopTextWrapPos();
  window->DC.Indent.x = saved_indent;
  window->DC.CursorPos = saved_cursor;
  window->DC.CursorMaxPos = saved_max;
}

void draw_outline_block(const ViewContext& ctx, const std::string& lesson_id,
                        const std::vector<OutlineHeading>& headings) {
  if (headings.empty()) return;
  kicker(ctx, "ON THIS PAGE", ctx.palette.text_dim);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  const float width =
      ImGui::CalcWrapWidthForPos(ImGui::GetCursorScreenPos(), ImGui::GetCurrentWindow()->DC.TextWrapPos);
  for (const OutlineHeading& h : headings)
    if (h.level == 2 && outline_entry(ctx, h, width, false))
      ctx.actions.jump_to_heading = std::make_pair(lesson_id, h.index);
  ImGui::PopStyleVar();
  ImGui::Dummy(ImVec2(0, 8));
}

}  // namespace fl::ui

#include "ui/widgets.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "ui/test_items.h"

namespace fl::ui {

namespace {

ImVec2 text_size(std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()); }

// Draws text with its top-left at `pos`, snapped to whole CSS pixels.
void text_at(ImDrawList* dl, ImVec2 pos, ImU32 color, std::string_view s) {
  dl->AddText(ImVec2(std::floor(pos.x), std::floor(pos.y)), color, s.data(), s.data() + s.size());
}

std::vector<float>& column_stack() {
  static std::vector<float> stack;
  return stack;
}

}  // namespace

void draw_mark(ImDrawList* dl, ImVec2 c, float r, Mark mark, const Palette& p) {
  // Shapes differ as well as colours (colour-blind learners): ring, ring with a dot, disc,
  // half disc, ring with a bar, disc with a check.
  switch (mark) {
    case Mark::none: return;
    case Mark::planned: {  // dashed ring: exists in the outline, not written yet
      const int dashes = 8;
      for (int i = 0; i < dashes; ++i) {
        float a0 = (i * 2 + 0.0f) * IM_PI / dashes, a1 = (i * 2 + 1.0f) * IM_PI / dashes;
        dl->PathArcTo(c, r - 0.5f, a0, a1, 4);
        dl->PathStroke(p.planned, 0, 1.5f);
      }
      return;
    }
    case Mark::not_started: dl->AddCircle(c, r - 0.5f, p.text_dim, 20, 1.5f); return;
    case Mark::visited:  // opened: a green ring with a small dot
      dl->AddCircle(c, r - 0.5f, p.done, 20, 1.5f);
      dl->AddCircleFilled(c, r * 0.3f, p.done, 12);
      return;
    case Mark::read: dl->AddCircleFilled(c, r, p.done, 20); return;
    case Mark::in_progress:  // a ring with its left half filled: started, not submitted
      dl->AddCircle(c, r - 0.5f, p.accent, 20, 1.5f);
      dl->PathArcTo(c, r - 0.5f, IM_PI * 0.5f, IM_PI * 1.5f, 12);
      dl->PathFillConvex(p.accent);
      return;
    case Mark::attempted: {  // amber ring with a bar: submitted, not passed yet
      dl->AddCircle(c, r - 0.5f, p.warning, 20, 1.5f);
      dl->AddLine(ImVec2(c.x - r * 0.45f, c.y), ImVec2(c.x + r * 0.45f, c.y), p.warning, 2.0f);
      return;
    }
    case Mark::passed: {
      dl->AddCircleFilled(c, r, p.done, 20);
      ImVec2 a(c.x - r * 0.45f, c.y + r * 0.02f), b(c.x - r * 0.1f, c.y + r * 0.38f),
          d(c.x + r * 0.5f, c.y - r * 0.35f);
      dl->AddLine(a, b, p.background, 1.8f);
      dl->AddLine(b, d, p.background, 1.8f);
      return;
    }
  }
}

ImU32 mark_color(Mark mark, const Palette& p) {
  switch (mark) {
    case Mark::visited:
    case Mark::read:
    case Mark::passed: return p.done;
    case Mark::in_progress: return p.accent;
    case Mark::attempted: return p.warning;
    default: return p.text_dim;
  }
}

bool pill(const ViewContext& ctx, std::string_view label, std::string_view id, Mark mark, bool selected) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return false;
  const Palette& p = ctx.palette;
  const ImGuiID gid = window->GetID(id.data(), id.data() + id.size());
  const ImVec2 ts = text_size(label);
  const float pad_x = 11, pad_y = 6, dot = mark == Mark::none ? 0 : 15;
  const ImVec2 size(std::round(ts.x + pad_x * 2 + dot), std::round(ts.y + pad_y * 2));
  const ImRect bb(window->DC.CursorPos, window->DC.CursorPos + size);
  ImGui::ItemSize(size);
  if (!ImGui::ItemAdd(bb, gid)) return false;
  bool hovered = false, held = false;
  bool pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held);
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);

  ImDrawList* dl = window->DrawList;
  // Action pills (no mark) sit on a surface; navigation pills are bare until hovered.
  const ImU32 rest = mark == Mark::none ? p.surface : 0;
  ImU32 bg = selected ? p.accent : (held ? p.accent_soft : (hovered ? p.surface_hover : rest));
  if (bg) dl->AddRectFilled(bb.Min, bb.Max, bg, size.y * 0.5f);
  ImU32 fg = selected ? p.on_accent : (mark == Mark::planned ? p.text_dim : p.text);
  float x = bb.Min.x + pad_x;
  if (dot > 0) {
    Palette mark_palette = p;
    if (selected)
      mark_palette.planned = mark_palette.done = mark_palette.text_dim = mark_palette.accent = mark_palette.warning =
          p.on_accent;
    if (selected) mark_palette.background = p.accent;
    draw_mark(dl, ImVec2(x + 5, (bb.Min.y + bb.Max.y) * 0.5f), 5.5f, mark, mark_palette);
    x += dot;
  }
  text_at(dl, ImVec2(x, bb.Min.y + pad_y), fg, label);
  record_item(label, id);
  return pressed;
}

bool tab(const ViewContext& ctx, std::string_view label, std::string_view id, bool selected) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return false;
  const Palette& p = ctx.palette;
  const ImGuiID gid = window->GetID(id.data(), id.data() + id.size());
  const ImVec2 ts = text_size(label);
  const float pad_x = 10, pad_y = 7;
  const ImVec2 size(std::round(ts.x + pad_x * 2), std::round(ts.y + pad_y * 2));
  const ImRect bb(window->DC.CursorPos, window->DC.CursorPos + size);
  ImGui::ItemSize(size);
  if (!ImGui::ItemAdd(bb, gid)) return false;
  bool hovered = false, held = false;
  bool pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held);
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImDrawList* dl = window->DrawList;
  if (hovered || held) dl->AddRectFilled(bb.Min, bb.Max, held ? p.accent_soft : p.surface_hover, 6);
  text_at(dl, ImVec2(bb.Min.x + pad_x, bb.Min.y + pad_y), selected ? p.accent : p.text, label);
  if (selected)
    dl->AddRectFilled(ImVec2(bb.Min.x + pad_x, bb.Max.y - 2), ImVec2(bb.Max.x - pad_x, bb.Max.y), p.accent, 1);
  record_item(label, id);
  return pressed;
}

bool link(const ViewContext& ctx, std::string_view label, std::string_view id) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return false;
  const ImGuiID gid = window->GetID(id.data(), id.data() + id.size());
  const ImVec2 size = text_size(label);
  const ImRect bb(window->DC.CursorPos, window->DC.CursorPos + size);
  ImGui::ItemSize(size);
  if (!ImGui::ItemAdd(bb, gid)) return false;
  bool hovered = false, held = false;
  bool pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held);
  if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImDrawList* dl = window->DrawList;
  text_at(dl, bb.Min, ctx.palette.accent, label);
  if (hovered) dl->AddLine(ImVec2(bb.Min.x, bb.Max.y), ImVec2(bb.Max.x, bb.Max.y), ctx.palette.accent, 1);
  record_item(label, id);
  return pressed;
}

void kicker(const ViewContext& ctx, std::string_view text, ImU32 color) {
  ImGui::PushFont(ctx.fonts.small);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void badge(const ViewContext& ctx, std::string_view text, ImU32 color) {
  ImGui::PushFont(ctx.fonts.small);
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const ImVec2 ts = text_size(text);
  const ImVec2 size(std::round(ts.x + 14), std::round(ts.y + 4));
  const ImRect bb(window->DC.CursorPos, window->DC.CursorPos + size);
  ImGui::ItemSize(size);
  if (ImGui::ItemAdd(bb, 0)) {
    window->DrawList->AddRect(bb.Min, bb.Max, color, size.y * 0.5f, 0, 1.0f);
    text_at(window->DrawList, ImVec2(bb.Min.x + 7, bb.Min.y + 2), color, text);
  }
  ImGui::PopFont();
}

void wrapped(ImFont* font, ImU32 color, std::string_view text) {
  ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void heading(const ViewContext& ctx, std::string_view text) { wrapped(ctx.fonts.title, ctx.palette.text, text); }

void rule(const ViewContext& ctx) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const float wrap = window->DC.TextWrapPos;
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float width = wrap > 0 ? wrap - ImGui::GetCursorPosX() : ImGui::GetContentRegionAvail().x;
  ImGui::Dummy(ImVec2(width, 1));
  window->DrawList->AddLine(ImVec2(start.x, start.y + 0.5f), ImVec2(start.x + width, start.y + 0.5f),
                            ctx.palette.border);
}

void subheading(const ViewContext& ctx, std::string_view text) {
  ImGui::Dummy(ImVec2(0, 6));
  wrapped(ctx.fonts.bold, ctx.palette.text, text);
}

void callout(const ViewContext& ctx, std::string_view heading_text, std::string_view body, ImU32 accent) {
  const Palette& p = ctx.palette;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  const float wrap = ImGui::GetCurrentWindow()->DC.TextWrapPos;
  const float width = wrap > 0 ? wrap - ImGui::GetCursorPosX() : ImGui::GetContentRegionAvail().x;
  const float pad = 16;
  ImGui::Dummy(ImVec2(0, pad - ImGui::GetStyle().ItemSpacing.y));
  ImGui::Indent(pad + 4);
  ImGui::PushTextWrapPos(wrap > 0 ? wrap - pad : 0);
  wrapped(ctx.fonts.bold, p.text, heading_text);
  wrapped(ctx.fonts.body, p.text_dim, body);
  record_item(body, "callout:" + std::string(heading_text));
  ImGui::PopTextWrapPos();
  ImGui::Unindent(pad + 4);
  const float bottom = ImGui::GetCursorScreenPos().y + pad - ImGui::GetStyle().ItemSpacing.y;
  ImGui::Dummy(ImVec2(0, pad - ImGui::GetStyle().ItemSpacing.y));
  dl->ChannelsSetCurrent(0);
  const ImVec2 end(start.x + width, bottom);
  dl->AddRectFilled(start, end, p.surface, 8);
  dl->AddRectFilled(start, ImVec2(start.x + 4, end.y), accent, 8, ImDrawFlags_RoundCornersLeft);
  dl->ChannelsMerge();
}

std::string short_label(const course::OutlineItem& item) {
  switch (item.kind) {
    case course::ItemKind::lesson: return std::string("L").append(std::to_string(item.number));
    case course::ItemKind::quiz: return "Quiz";
    case course::ItemKind::lab: return "Lab";
    case course::ItemKind::test: return "Module test";
  }
  return "?";
}

std::string kind_label(const course::OutlineItem& item) {
  switch (item.kind) {
    case course::ItemKind::lesson: return "Lesson " + std::to_string(item.number);
    case course::ItemKind::quiz: return "Quiz " + std::to_string(item.number);
    case course::ItemKind::lab: return "Lab " + std::to_string(item.number);
    case course::ItemKind::test: return "Module test";
  }
  return "?";
}

std::string format_points(double points) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", points);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

void begin_column(float max_width) {
  // The vertical scrollbar's width is always set aside, so the column does not move sideways
  // between pages with and without a scrollbar.
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const float avail = ImGui::GetContentRegionAvail().x - (window->ScrollbarY ? 0 : ImGui::GetStyle().ScrollbarSize);
  const float pad = 24;
  const float width = std::min(max_width, avail - pad * 2);
  const float offset = std::floor(std::max(pad, (avail - width) * 0.5f));
  column_stack().push_back(offset);
  ImGui::Indent(offset);
  ImGui::PushTextWrapPos(offset + width);
}

void end_column() {
  ImGui::PopTextWrapPos();
  ImGui::Unindent(column_stack().back());
  column_stack().pop_back();
}

}  // namespace fl::ui

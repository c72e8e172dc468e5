#include "ui/rich_text.h"

#include <imgui_internal.h>

#include <cfloat>
#include <cmath>
#include <map>
#include <unordered_map>

#include "ui/pixel_snap.h"
#include "ui/test_items.h"
#include "ui/text_flow.h"

namespace fl::ui {

namespace {

constexpr float kCodePad = 3;

ImFont* font_for(const ViewContext& ctx, const course::Span& span, const TextStyle& style) {
  if (span.code) return ctx.fonts.mono;
  if (style.all_bold) return style.font;
  if (span.strong) return ctx.fonts.bold;
  if (span.emphasis) return ctx.fonts.italic;
  return style.font;
}

// Size in CSS pixels: fonts are rasterised at the device ratio, io.FontGlobalScale undoes it.
float css_size(ImFont* font) { return font->FontSize * ImGui::GetIO().FontGlobalScale; }

// Layouts are cached by the address of the spans (lesson and inline_markdown spans live as
// long as the app) and redone when the width or the font scale changes: a lesson has
// thousands of words and most frames change nothing.
struct CachedFlow {
  float width = -1, font_scale = -1;
  std::size_t span_count = 0, bytes = 0;  // a cheap check that the spans are the same
  std::vector<FlowLine> lines;
};

const std::vector<FlowLine>& layout(const ViewContext& ctx, const course::Inlines& spans, const TextStyle& style,
                                    float width) {
  static std::unordered_map<const void*, CachedFlow> cache;
  CachedFlow& c = cache[&spans];
  const float scale = ImGui::GetIO().FontGlobalScale * style.font->FontSize;
  std::size_t bytes = 0;
  for (const course::Span& span : spans) bytes += span.text.size();
  if (c.width == width && c.font_scale == scale && c.span_count == spans.size() && c.bytes == bytes) return c.lines;
  c.width = width;
  c.font_scale = scale;
  c.span_count = spans.size();
  c.bytes = bytes;
  c.lines = flow_inlines(spans, width, [&](const course::Span& span, std::string_view text) {
    ImFont* f = font_for(ctx, span, style);
    float w = f->CalcTextSizeA(css_size(f), FLT_MAX, 0, text.data(), text.data() + text.size()).x;
    // A code span's box has padding inside its first and last piece, so it never covers the
    // text around it.
    if (span.code && text.data() == span.text.data()) w += kCodePad;
    if (span.code && text.data() + text.size() == span.text.data() + span.text.size()) w += kCodePad;
    return w;
  });
  return c.lines;
}

}  // namespace

const course::Inlines& inline_markdown(const std::string& text) {
  static std::map<std::string, course::Inlines> cache;
  auto it = cache.find(text);
  if (it == cache.end()) it = cache.emplace(text, course::parse_inline_markdown(text)).first;
  return it->second;
}

const course::Inlines& plain_inlines(const std::string& text, bool strong) {
  static std::map<std::pair<std::string, bool>, course::Inlines> cache;
  auto key = std::make_pair(text, strong);
  auto it = cache.find(key);
  if (it == cache.end()) {
    course::Inlines spans(1);
    spans[0].text = text;
    spans[0].strong = strong;
    it = cache.emplace(std::move(key), std::move(spans)).first;
  }
  return it->second;
}

void rich_text(const ViewContext& ctx, const course::Inlines& spans, const TextStyle& style, std::string_view id) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return;
  const Palette& p = ctx.palette;
  const ImVec2 origin = window->DC.CursorPos;
  const float width = ImGui::CalcWrapWidthForPos(origin, window->DC.TextWrapPos);
  const std::vector<FlowLine>& lines = layout(ctx, spans, style, width);

  const float base = css_size(style.font);
  const float line_h = std::round(em_px(ctx.fonts, style.font) * style.line_height);
  const float base_ascent = style.font->Ascent * ImGui::GetIO().FontGlobalScale;
  // Each line's offset in the wrap width (alignment); the item's box is the union of the lines.
  auto shift_of = [&](const FlowLine& l) {
    const float room = std::max(0.0f, width - l.width);
    return std::floor(style.align == TextAlign::right ? room : style.align == TextAlign::centre ? room * 0.5f : 0.0f);
  };
  float left = lines.empty() ? 0 : FLT_MAX, right = 0;
  for (const FlowLine& l : lines) {
    left = std::min(left, shift_of(l));
    right = std::max(right, shift_of(l) + l.width);
  }
  const ImRect bb(origin + ImVec2(left, 0),
                  origin + ImVec2(std::max(right, left + 1.0f), line_h * static_cast<float>(lines.size())));
  ImGui::ItemSize(ImVec2(bb.Max.x - origin.x, bb.GetHeight()));  // the layout sees the text's right edge
  if (!ImGui::ItemAdd(bb, 0)) return;  // scrolled out of view: nothing to draw
  record_item(course::plain_text(spans), id);

  ImDrawList* dl = window->DrawList;
  const ImGuiID link_base = window->GetID(id.data(), id.data() + id.size());
  for (std::size_t li = 0; li < lines.size(); ++li) {
    const FlowLine& line = lines[li];
    const float top = origin.y + line_h * static_cast<float>(li);
    // Every run shares the paragraph's baseline, whatever its font.
    const float baseline = snap_px(top + (line_h - base) * 0.5f + base_ascent);
    const float shift = shift_of(line);
    for (std::size_t pi = 0; pi < line.pieces.size(); ++pi) {
      const FlowPiece& piece = line.pieces[pi];
      const course::Span& span = spans[piece.span];
      ImFont* font = font_for(ctx, span, style);
      const float size = css_size(font);
      const char* b = span.text.data() + piece.begin;
      const char* e = span.text.data() + piece.end;
      // On whole device pixels (not CSS pixels): even word gaps at fractional zoom.
      const ImVec2 pos = snap_px(
          ImVec2(origin.x + shift + piece.x, baseline - font->Ascent * ImGui::GetIO().FontGlobalScale));
      ImU32 color = style.color;
      ImVec2 text_pos = pos;
      if (span.code) {
        // One tinted box per run of the same code span on this line (spaces included).
        const bool joins_previous = pi > 0 && line.pieces[pi - 1].span == piece.span;
        const bool joins_next = pi + 1 < line.pieces.size() && line.pieces[pi + 1].span == piece.span;
        const float x1 = pos.x + piece.width + (joins_next ? piece.space_after : 0);
        ImDrawFlags corners = ImDrawFlags_RoundCornersAll;
        if (joins_previous) corners &= ~ImDrawFlags_RoundCornersLeft;
        if (joins_next) corners &= ~ImDrawFlags_RoundCornersRight;
        if (corners == 0) corners = ImDrawFlags_RoundCornersNone;
        dl->AddRectFilled(ImVec2(pos.x, pos.y - 1), ImVec2(x1, pos.y + size + 2), p.surface_hover, 3, corners);
        if (piece.begin == 0) text_pos.x += kCodePad;
        color = p.text;
      }
      if (span.is_link()) {
        color = p.accent;
        const ImRect r(ImVec2(pos.x, top), ImVec2(pos.x + piece.width, top + line_h));
        const ImGuiID lid = link_base + static_cast<ImGuiID>(li * 997 + pi + 1);
        if (ImGui::ItemAdd(r, lid)) {
          bool hovered = false, held = false;
          if (ImGui::ButtonBehavior(r, lid, &hovered, &held)) ctx.actions.open_url = span.href;
          if (hovered) {
            ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            ImGui::SetTooltip("%s", span.href.c_str());
          }
          const float uy = std::round(baseline + 2) + 0.5f;
          dl->AddLine(ImVec2(pos.x, uy), ImVec2(pos.x + piece.width, uy), hovered ? p.accent : p.accent_soft, 1);
          record_item(std::string_view(b, static_cast<std::size_t>(e - b)), "link:" + span.href);
        }
      }
      add_text_snapped(dl, font, size, text_pos, color, b, e);
    }
  }
}

}  // namespace fl::ui

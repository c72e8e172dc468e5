#include "ui/code_block.h"

#include <imgui_internal.h>

#include <cmath>

#include "ui/test_items.h"

namespace fl::ui {

namespace {

constexpr float kPad = 12;
constexpr double kCopiedSeconds = 1.5;

// A small flat button drawn on the panel; returns true when clicked.
bool copy_button(const ViewContext& ctx, ImVec2 top_right, std::string_view id, bool copied) {
  const Palette& p = ctx.palette;
  ImGui::PushFont(ctx.fonts.small);
  const char* label = copied ? "Copied" : "Copy";
  const ImVec2 ts = ImGui::CalcTextSize(label);
  const ImVec2 size(std::round(ts.x + 16), std::round(ts.y + 8));
  const ImRect bb(ImVec2(top_right.x - size.x, top_right.y), ImVec2(top_right.x, top_right.y + size.y));
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const std::string key = "copy:" + std::string(id);
  const ImGuiID gid = window->GetID(key.c_str());
  bool pressed = false;
  if (ImGui::ItemAdd(bb, gid)) {
    bool hovered = false, held = false;
    pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held);
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    window->DrawList->AddRectFilled(bb.Min, bb.Max, held ? p.accent_soft : (hovered ? p.border : p.surface_hover), 5);
    window->DrawList->AddText(ImVec2(std::floor(bb.Min.x + 8), std::floor(bb.Min.y + 4)),
                              copied ? p.done : p.text, label);
    record_item(label, key);
  }
  ImGui::PopFont();
  return pressed;
}

}  // namespace

void code_block(const ViewContext& ctx, const std::string& code, std::string_view language, std::string_view id) {
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  if (window->SkipItems) return;
  const Palette& p = ctx.palette;
  std::string_view text(code);
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);

  const ImVec2 origin = window->DC.CursorPos;
  const float width = ImGui::CalcWrapWidthForPos(origin, window->DC.TextWrapPos);
  ImFont* mono = ctx.fonts.mono;
  const float size = mono->FontSize * ImGui::GetIO().FontGlobalScale;
  const float wrap = std::max(width - kPad * 2, 40.0f);
  const ImVec2 text_size = mono->CalcTextSizeA(size, FLT_MAX, wrap, text.data(), text.data() + text.size());
  const float header = std::round(ctx.fonts.small->FontSize * ImGui::GetIO().FontGlobalScale + 14);
  const ImRect bb(origin, origin + ImVec2(width, std::round(header + text_size.y + kPad)));
  ImGui::ItemSize(bb);
  if (!ImGui::ItemAdd(bb, 0)) return;

  ImDrawList* dl = window->DrawList;
  dl->AddRectFilled(bb.Min, bb.Max, p.surface, 8);
  dl->AddRect(bb.Min, bb.Max, p.border, 8);
  if (!language.empty()) {
    ImGui::PushFont(ctx.fonts.small);
    const std::string caption(language);
    dl->AddText(ImVec2(std::floor(bb.Min.x + kPad), std::floor(bb.Min.y + 7)), p.text_dim, caption.c_str());
    ImGui::PopFont();
  }
  dl->AddText(mono, size, ImVec2(std::floor(bb.Min.x + kPad), std::floor(bb.Min.y + header)), p.text, text.data(),
              text.data() + text.size(), wrap);
  record_item(std::string(text), std::string("code:") + std::string(id));

  // "Copied" shows for a moment after a click; ImGui's per-window storage keeps the time.
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID stamp_id = window->GetID((std::string("copied:") + std::string(id)).c_str());
  const float stamp = storage->GetFloat(stamp_id, -100.0f);
  const bool copied = ImGui::GetTime() - stamp < kCopiedSeconds;
  if (copy_button(ctx, ImVec2(bb.Max.x - 6, bb.Min.y + 5), id, copied)) {
    ImGui::SetClipboardText(std::string(text).c_str());
    storage->SetFloat(stamp_id, static_cast<float>(ImGui::GetTime()));
  }
}

}  // namespace fl::ui

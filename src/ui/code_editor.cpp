#include "ui/code_editor.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>

#include "ui/fonts.h"
#include "ui/test_items.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

// "#rrggbb" of `c` drawn over the opaque `under` (the DOM editor takes opaque colours).
std::string hex_over(ImU32 c, ImU32 under) {
  const ImVec4 a = ImGui::ColorConvertU32ToFloat4(c), b = ImGui::ColorConvertU32ToFloat4(under);
  auto mix = [&](float x, float y) { return static_cast<int>(std::lround((x * a.w + y * (1 - a.w)) * 255)); };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", mix(a.x, b.x), mix(a.y, b.y), mix(a.z, b.z));
  return buf;
}

ImU32 with_alpha(ImU32 c, int alpha) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT); }

// Moves the box's cursor to the start of `line` (1-based) while it is active.
struct GotoLine {
  std::string* text;
  int line;
};

int resize_and_goto(ImGuiInputTextCallbackData* data) {
  auto* go = static_cast<GotoLine*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    go->text->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = go->text->data();
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackAlways && go->line > 0) {
    int pos = 0;
    for (int l = 1; l < go->line && pos < data->BufTextLen; ++pos)
      if (data->Buf[pos] == '\n') ++l;
    data->CursorPos = data->SelectionStart = data->SelectionEnd = pos;
    go->line = 0;
  }
  return 0;
}

// The desktop's editor: an ImGui multiline box over the draft.
void desktop_editor(const ViewContext& ctx, const std::string& doc_id, ImVec2 size, const EditorMarker& marker,
                    const std::string& current) {
  const Palette& p = ctx.palette;
  const bool read_only = !ctx.state.save.writer || !ctx.state.storage_ready;
  std::string text = current;
  const auto& go = ctx.state.editor.goto_line;
  GotoLine goto_line{&text, go && go->first == doc_id ? go->second : 0};
  const std::string label = "##editor:" + doc_id;
  // After Ctrl+Enter the box asks for the keyboard back (ImGui-style widget state, by id).
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID refocus = ImGui::GetID((label + ":refocus").c_str());
  if (goto_line.line > 0 || storage->GetBool(refocus)) {
    ImGui::SetKeyboardFocusHere();
    storage->SetBool(refocus, false);
  }
  ImGui::PushFont(ctx.fonts.mono);
  ImGui::PushStyleColor(ImGuiCol_FrameBg, p.surface);
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_CallbackResize |
                              ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_EnterReturnsTrue;
  if (read_only) flags |= ImGuiInputTextFlags_ReadOnly;
  // With EnterReturnsTrue a multiline box returns true on Ctrl+Enter (plain Enter is a new
  // line); it also lets go of the keyboard then, so it asks for it back.
  const bool ctrl_enter = ImGui::InputTextMultiline(label.c_str(), text.data(), text.capacity() + 1, size, flags,
                                                    resize_and_goto, &goto_line);
  ImGui::PopStyleColor();
  ImGui::PopFont();
  record_item("Code editor", "editor:" + doc_id);
  // Escape lets go of the keyboard, as on the web. ImGui also puts back the text the box had
  // when it was activated: that revert is not an edit (the draft stays as typed).
  const bool escaped = ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
  if (ImGui::IsItemEdited() && !escaped) ctx.actions.editor_edit = std::make_pair(doc_id, text);
  if (go && go->first == doc_id && goto_line.line == 0) ctx.actions.editor_goto_done = true;
  if (ctrl_enter) {
    ctx.actions.editor_run = doc_id;
    storage->SetBool(refocus, true);
  }
  if (marker.line > 0) {
    ImGui::PushFont(ctx.fonts.mono);
    ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
    ImGui::TextWrapped("Line %d: %s", marker.line, marker.message.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
  }
}

}  // namespace

EditorLook editor_look(const Palette& p, const Fonts& fonts, bool dark) {
  EditorLook look;
  look.dark = dark;
  const ImU32 base = p.surface;
  look.background = hex_over(base, base);
  look.text = hex_over(p.text, base);
  look.dim = hex_over(p.text_dim, base);
  look.selection = hex_over(with_alpha(p.accent, dark ? 80 : 60), base);
  look.gutter = hex_over(with_alpha(p.background, 160), base);
  look.active_line = hex_over(with_alpha(p.text, dark ? 12 : 10), base);
  look.cursor = hex_over(p.accent, base);
  look.border = hex_over(p.border, base);
  look.danger = hex_over(p.danger, base);
  look.keyword = hex_over(p.code_keyword, base);
  look.string = hex_over(p.code_string, base);
  look.number = hex_over(p.code_number, base);
  look.comment = hex_over(p.code_comment, base);
  look.name = hex_over(p.code_name, base);
  look.builtin = hex_over(p.code_builtin, base);
  look.font_px = kCodePx * fonts.text_scale;
  return look;
}

void code_editor(const ViewContext& ctx, const std::string& doc_id, ImVec2 size, const EditorMarker& marker) {
  if (!ctx.state.editor.native) {
    desktop_editor(ctx, doc_id, size, marker, draft_or_starter(ctx.state, doc_id));
    return;
  }
  // The web: the rectangle stays empty on the canvas (the same panel as the editor's, for the
  // frame before it shows); the platform's editor covers it.
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ImGui::Dummy(size);
  record_item("Code editor", "editor:" + doc_id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, max, ctx.palette.surface, 6);
  const ImVec2 clip_min = ImMax(min, dl->GetClipRectMin()), clip_max = ImMin(max, dl->GetClipRectMax());
  // Nothing to show when scrolled away, or when a popup or modal is in front of the page.
  if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) return;
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
  EditorRequest request;
  request.doc_id = doc_id;
  request.min = min;
  request.max = max;
  request.clip_min = clip_min;
  request.clip_max = clip_max;
  request.read_only = !ctx.state.save.writer || !ctx.state.storage_ready;
  request.marker = marker;
  // The look changes only with the theme or the text size: not built again every frame.
  static EditorLook look;
  static std::optional<std::pair<Theme, float>> look_for;
  if (look_for != std::make_pair(ctx.state.theme, ctx.fonts.text_scale)) {
    look = editor_look(ctx.palette, ctx.fonts, ctx.state.theme == Theme::dark);
    look_for = std::make_pair(ctx.state.theme, ctx.fonts.text_scale);
  }
  request.look = look;
  ctx.actions.editor = std::move(request);
}

}  // namespace fl::ui

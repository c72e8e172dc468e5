#include "ui/theme.h"

namespace fl::ui {

namespace {

constexpr ImU32 rgb(unsigned hex, unsigned alpha = 255) {
  return IM_COL32((hex >> 16) & 0xff, (hex >> 8) & 0xff, hex & 0xff, alpha);
}

const Palette kDark{
    rgb(0x15171c),     rgb(0x1e2129), rgb(0x2a2e38), rgb(0x343946), rgb(0xe7e9ee), rgb(0x9da3b0), rgb(0x7aa7ff),
    rgb(0x7aa7ff, 40), rgb(0x0d1220), rgb(0x5cc08a), rgb(0x6b7180), rgb(0xe5b454), rgb(0xf07178),
    rgb(0xc792ea),     rgb(0xa5d98a), rgb(0xf2a272), rgb(0x8d94a3), rgb(0x82aaff), rgb(0x6fd3e8),
};
const Palette kLight{
    rgb(0xfbfbfc),     rgb(0xf0f2f5), rgb(0xe4e7ec), rgb(0xd3d8e0), rgb(0x1d2129), rgb(0x5b6270), rgb(0x1f5fd1),
    rgb(0x1f5fd1, 28), rgb(0xffffff), rgb(0x17824b), rgb(0x8a909c), rgb(0x9a6400), rgb(0xc4302b),
    rgb(0x7b3fa0),     rgb(0x2d6a1f), rgb(0xa84a0c), rgb(0x5f6570), rgb(0x1f5fd1), rgb(0x0b6b80),
};

ImVec4 v4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

}  // namespace

std::string_view to_string(Theme theme) { return theme == Theme::light ? "light" : "dark"; }

std::optional<Theme> theme_from_string(std::string_view name) {
  if (name == "dark") return Theme::dark;
  if (name == "light") return Theme::light;
  return std::nullopt;
}

const Palette& palette(Theme theme) { return theme == Theme::light ? kLight : kDark; }

const Palette& apply_theme(Theme theme) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  if (theme == Theme::light)
    ImGui::StyleColorsLight(&style);
  else
    ImGui::StyleColorsDark(&style);
  const Palette& p = palette(theme);

  style.WindowPadding = ImVec2(12, 10);  // tooltips and popups; the shell window uses none
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 0;
  style.FramePadding = ImVec2(12, 7);
  style.ItemSpacing = ImVec2(10, 10);
  style.ItemInnerSpacing = ImVec2(8, 6);
  style.FrameRounding = 6;
  style.ChildRounding = 8;
  style.PopupRounding = 6;
  style.GrabRounding = 6;
  style.ScrollbarRounding = 6;
  style.ScrollbarSize = 12;
  style.TabRounding = 6;

  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = v4(p.text);
  c[ImGuiCol_TextDisabled] = v4(p.text_dim);
  c[ImGuiCol_WindowBg] = v4(p.background);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = v4(p.surface);
  // Behind a modal (submit confirmation): the page dimmed, still recognisable.
  c[ImGuiCol_ModalWindowDimBg] = theme == Theme::light ? ImVec4(0.08f, 0.10f, 0.14f, 0.35f) : ImVec4(0, 0, 0, 0.55f);
  c[ImGuiCol_Border] = v4(p.border);
  c[ImGuiCol_FrameBg] = v4(p.surface);
  c[ImGuiCol_FrameBgHovered] = v4(p.surface_hover);
  c[ImGuiCol_FrameBgActive] = v4(p.surface_hover);
  c[ImGuiCol_Button] = v4(p.surface);
  c[ImGuiCol_ButtonHovered] = v4(p.surface_hover);
  c[ImGuiCol_ButtonActive] = v4(p.accent_soft);
  c[ImGuiCol_Header] = v4(p.surface);
  c[ImGuiCol_HeaderHovered] = v4(p.surface_hover);
  c[ImGuiCol_HeaderActive] = v4(p.accent_soft);
  c[ImGuiCol_CheckMark] = v4(p.accent);
  c[ImGuiCol_Separator] = v4(p.border);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = v4(p.border);
  c[ImGuiCol_ScrollbarGrabHovered] = v4(p.text_dim);
  c[ImGuiCol_ScrollbarGrabActive] = v4(p.accent);
  c[ImGuiCol_TableHeaderBg] = v4(p.surface);
  c[ImGuiCol_TableBorderLight] = v4(p.border);
  c[ImGuiCol_TableBorderStrong] = v4(p.border);
  c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_TableRowBgAlt] = v4(p.surface);
  c[ImGuiCol_NavHighlight] = v4(p.accent);
  c[ImGuiCol_TextSelectedBg] = v4(p.accent_soft);
  return p;
}

}  // namespace fl::ui

#pragma once
// Dark and light themes: ImGui's style colours plus a small palette that custom-drawn views
// (navigation marks, badges, callouts) use, so no view hard-codes a colour.
#include <imgui.h>

#include <optional>
#include <string_view>

namespace fl::ui {

enum class Theme { dark, light };

std::string_view to_string(Theme theme);
std::optional<Theme> theme_from_string(std::string_view name);

struct Palette {
  ImU32 background, surface, surface_hover, border;
  ImU32 text, text_dim, accent, accent_soft, on_accent;
  ImU32 done, planned, warning, danger;
  // Code colouring (ui/highlight.h), each readable on `surface` (WCAG AA contrast).
  ImU32 code_keyword, code_string, code_number, code_comment, code_name, code_builtin;
};

// Sets ImGui's style for `theme` (sizes in CSS pixels) and returns the palette.
const Palette& apply_theme(Theme theme);
const Palette& palette(Theme theme);

}  // namespace fl::ui

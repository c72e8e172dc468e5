#pragma once
// The app's fonts (Noto Sans for prose, JetBrains Mono for code), rasterised at the display's
// pixel scale (devicePixelRatio in the browser) so that one glyph texel is one device pixel.
// Layout stays in CSS pixels: io.FontGlobalScale = 1 / scale.
#include <imgui.h>

#include <string>

namespace fl::ui {

struct Fonts {
  ImFont* body = nullptr;   // 16 px prose
  ImFont* bold = nullptr;   // 16 px bold: labels, strong emphasis
  ImFont* italic = nullptr; // 16 px italic: emphasis
  ImFont* title = nullptr;  // 28 px bold: page titles
  ImFont* h2 = nullptr;     // 22 px bold: lesson sections
  ImFont* h3 = nullptr;     // 18 px bold: lesson subsections
  ImFont* small = nullptr;  // 13 px: captions, badges
  ImFont* mono = nullptr;   // 14 px code and licence texts
  float scale = 1;
  bool fallback = false;  // font files missing: ImGui's built-in pixel font
};

// Rebuilds io.Fonts from the TTF files in `font_dir`. Call outside a frame; the renderer must
// then re-upload the atlas texture. On missing files, falls back to ImGui's default font and
// returns false with *error set.
bool build_fonts(const std::string& font_dir, float scale, Fonts* out, std::string* error);

}  // namespace fl::ui

#pragma once
// The app's fonts (Noto Sans for prose, JetBrains Mono for code), rasterised at the display's
// pixel scale (devicePixelRatio in the browser) so that one glyph texel is one device pixel.
// Layout stays in CSS pixels: io.FontGlobalScale = 1 / scale.
//
// Sizes are em sizes, as CSS's font-size: "16 px" body text is as large as a browser's default
// 16 px text. (ImGui's own size is the ascender-to-descender height, about 1.36 em for Noto
// Sans; build_fonts converts with each font's hhea and head tables.)
#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>

namespace fl::ui {

// The learner's text size (stored in the settings table as "text_size"): every font scales.
enum class TextSize { normal, large, larger };
inline constexpr TextSize kTextSizes[] = {TextSize::normal, TextSize::large, TextSize::larger};
std::string_view to_string(TextSize size);
std::optional<TextSize> text_size_from_string(std::string_view name);
float text_scale(TextSize size);          // 1, 1.125, 1.25
std::string_view text_size_label(TextSize size);  // "Normal", ...

struct Fonts {
  ImFont* body = nullptr;   // 16 px prose
  ImFont* bold = nullptr;   // 16 px bold: labels, strong emphasis
  ImFont* italic = nullptr; // 16 px italic: emphasis
  ImFont* title = nullptr;  // 28 px bold: page titles
  ImFont* h2 = nullptr;     // 22 px bold: lesson sections
  ImFont* h3 = nullptr;     // 18 px bold: lesson subsections
  ImFont* small = nullptr;  // 13 px: captions, badges, quiz feedback (the smallest text drawn)
  ImFont* mono = nullptr;   // 14 px code and licence texts
  float scale = 1;          // device pixels per CSS pixel
  float text_scale = 1;     // the learner's text size
  float height_per_em = 1;  // ImGui font size per em (Noto Sans; JetBrains Mono is close)
  bool fallback = false;    // font files missing: ImGui's built-in pixel font
};

// A font's em size in CSS pixels (its CSS font-size), for line heights given in ems.
float em_px(const Fonts& fonts, const ImFont* font);

// Em size in CSS pixels of each role at text size normal (the browser tests read them).
inline constexpr float kBodyPx = 16, kCodePx = 14, kSmallPx = 13, kTitlePx = 28, kH2Px = 22, kH3Px = 18;

// ImGui's font size (ascender-to-descender height, hhea) per em of the TrueType data in
// `ttf`, or nullopt when its head/hhea tables cannot be read.
std::optional<float> height_per_em(std::string_view ttf);

// Rebuilds io.Fonts from the TTF files in `font_dir`. Call outside a frame; the renderer must
// then re-upload the atlas texture. On missing files, falls back to ImGui's default font and
// returns false with *error set.
bool build_fonts(const std::string& font_dir, float scale, TextSize size, Fonts* out, std::string* error);

}  // namespace fl::ui

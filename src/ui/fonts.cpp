#include "ui/fonts.h"

#include <cmath>
#include <cstdio>

namespace fl::ui {

namespace {

// Latin, Latin-1, Latin Extended-A, general punctuation (dashes, quotes, bullet, ellipsis,
// single guillemets), minus sign. Arrows and check marks are drawn, not typed.
const ImWchar kProseRanges[] = {0x0020, 0x017F, 0x2010, 0x2027, 0x2030, 0x203A, 0x2212, 0x2212, 0};
const ImWchar kTitleRanges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201D, 0x2026, 0x2026, 0};
const ImWchar kMonoRanges[] = {0x0020, 0x017F, 0x2010, 0x2027, 0x2190, 0x2193, 0x2212, 0x2212, 0};

bool exists(const std::string& path) {
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    std::fclose(f);
    return true;
  }
  return false;
}

}  // namespace

bool build_fonts(const std::string& font_dir, float scale, Fonts* out, std::string* error) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  *out = Fonts{};
  out->scale = scale;

  const std::string regular = font_dir + "/NotoSans-Regular.ttf";
  const std::string bold = font_dir + "/NotoSans-Bold.ttf";
  const std::string italic = font_dir + "/NotoSans-Italic.ttf";
  const std::string mono = font_dir + "/JetBrainsMono-Regular.ttf";
  for (const std::string* path : {&regular, &bold, &italic, &mono}) {
    if (!exists(*path)) {
      if (error) *error = "font missing: " + *path + " (falling back to ImGui's built-in font)";
      ImFont* f = io.Fonts->AddFontDefault();
      *out = Fonts{f, f, f, f, f, f, f, f, 1, true};
      io.FontGlobalScale = 1;
      return false;
    }
  }

  ImFontConfig cfg;
  cfg.OversampleH = 1;  // glyphs already at device resolution: no sub-pixel blur
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  auto add = [&](const std::string& path, float css_px, const ImWchar* ranges) {
    float px = std::round(css_px * scale);
    return io.Fonts->AddFontFromFileTTF(path.c_str(), px, &cfg, ranges);
  };
  out->body = add(regular, 16, kProseRanges);  // first font = ImGui's default
  out->bold = add(bold, 16, kProseRanges);
  out->italic = add(italic, 16, kProseRanges);
  out->title = add(bold, 28, kTitleRanges);
  out->h2 = add(bold, 22, kTitleRanges);
  out->h3 = add(bold, 18, kTitleRanges);
  out->small = add(regular, 13, kProseRanges);
  out->mono = add(mono, 14, kMonoRanges);
  io.FontGlobalScale = 1.0f / scale;
  if (!io.Fonts->Build()) {
    if (error) *error = "cannot build the font atlas";
    return false;
  }
  return true;
}

}  // namespace fl::ui

#include "ui/fonts.h"

#include <cmath>
#include <cstdint>
#include <map>

#include "base/files.h"

namespace fl::ui {

namespace {

// Latin, Latin-1, Latin Extended-A, general punctuation (dashes, quotes, bullet, ellipsis,
// single guillemets), minus sign. Arrows and check marks are drawn, not typed.
const ImWchar kProseRanges[] = {0x0020, 0x017F, 0x2010, 0x2027, 0x2030, 0x203A, 0x2212, 0x2212, 0};
const ImWchar kTitleRanges[] = {0x0020, 0x00FF, 0x2013, 0x2014, 0x2018, 0x201D, 0x2026, 0x2026, 0};
const ImWchar kMonoRanges[] = {0x0020, 0x017F, 0x2010, 0x2027, 0x2190, 0x2193, 0x2212, 0x2212, 0};

std::uint32_t be32(std::string_view s, std::size_t at) {
  auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}
int be16(std::string_view s, std::size_t at, bool is_signed) {
  const int v = static_cast<unsigned char>(s[at]) << 8 | static_cast<unsigned char>(s[at + 1]);
  return is_signed && v >= 0x8000 ? v - 0x10000 : v;
}

// Offset of a table in a TrueType/OpenType file (sfnt table directory), or 0.
std::size_t table_offset(std::string_view ttf, std::string_view tag, std::size_t min_length) {
  if (ttf.size() < 12) return 0;
  const int tables = be16(ttf, 4, false);
  for (int i = 0; i < tables; ++i) {
    const std::size_t entry = 12 + 16 * static_cast<std::size_t>(i);
    if (entry + 16 > ttf.size()) return 0;
    if (ttf.substr(entry, 4) != tag) continue;
    const std::size_t offset = be32(ttf, entry + 8), length = be32(ttf, entry + 12);
    return length >= min_length && offset + min_length <= ttf.size() ? offset : 0;
  }
  return 0;
}

// Font files read once and kept for the app's lifetime: the atlas is rebuilt from memory on
// every zoom or text-size change (ImGui does not own the bytes).
const std::string* font_data(const std::string& path, std::string* error) {
  static std::map<std::string, std::string> files;
  auto it = files.find(path);
  if (it != files.end()) return &it->second;
  auto bytes = read_file(path, error);
  if (!bytes) return nullptr;
  return &files.emplace(path, std::move(*bytes)).first->second;
}

}  // namespace

std::string_view to_string(TextSize size) {
  switch (size) {
    case TextSize::normal: return "normal";
    case TextSize::large: return "large";
    case TextSize::larger: return "larger";
  }
  return "normal";
}

std::optional<TextSize> text_size_from_string(std::string_view name) {
  for (TextSize s : kTextSizes)
    if (to_string(s) == name) return s;
  return std::nullopt;
}

float text_scale(TextSize size) {
  switch (size) {
    case TextSize::normal: return 1.0f;
    case TextSize::large: return 1.125f;
    case TextSize::larger: return 1.25f;
  }
  return 1.0f;
}

std::string_view text_size_label(TextSize size) {
  switch (size) {
    case TextSize::normal: return "Normal";
    case TextSize::large: return "Large";
    case TextSize::larger: return "Larger";
  }
  return "Normal";
}

std::optional<float> height_per_em(std::string_view ttf) {
  const std::size_t head = table_offset(ttf, "head", 54), hhea = table_offset(ttf, "hhea", 36);
  if (!head || !hhea) return std::nullopt;
  const int units_per_em = be16(ttf, head + 18, false);
  const int ascender = be16(ttf, hhea + 4, true), descender = be16(ttf, hhea + 6, true);
  if (units_per_em <= 0 || ascender - descender <= 0) return std::nullopt;
  return static_cast<float>(ascender - descender) / static_cast<float>(units_per_em);
}

float em_px(const Fonts& fonts, const ImFont* font) {
  return font->FontSize * ImGui::GetIO().FontGlobalScale / fonts.height_per_em;
}

bool build_fonts(const std::string& font_dir, float scale, TextSize size, Fonts* out, std::string* error) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  *out = Fonts{};
  out->scale = scale;
  out->text_scale = text_scale(size);

  const std::string regular = font_dir + "/NotoSans-Regular.ttf";
  const std::string bold = font_dir + "/NotoSans-Bold.ttf";
  const std::string italic = font_dir + "/NotoSans-Italic.ttf";
  const std::string mono = font_dir + "/JetBrainsMono-Regular.ttf";
  std::string problem;
  for (const std::string* path : {&regular, &bold, &italic, &mono}) {
    const std::string* data = font_data(*path, &problem);
    if (data && !height_per_em(*data)) problem = *path + ": no readable head/hhea table";
    if (!data || !problem.empty()) {
      if (error) *error = "font unusable: " + problem + " (falling back to ImGui's built-in font)";
      ImFont* f = io.Fonts->AddFontDefault();
      *out = Fonts{f, f, f, f, f, f, f, f, 1, 1, 1, true};
      io.FontGlobalScale = 1;
      return false;
    }
  }

  ImFontConfig cfg;
  cfg.OversampleH = 1;  // glyphs already at device resolution: no sub-pixel blur
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;  // whole-device-pixel advances: even spacing at any zoom
  cfg.FontDataOwnedByAtlas = false;
  auto add = [&](const std::string& path, float em_css_px, const ImWchar* ranges) {
    const std::string* data = font_data(path, nullptr);
    // Rasterised at the exact device size (rounded to whole pixels) of the em size asked for.
    const float px = std::round(em_css_px * out->text_scale * scale) * *height_per_em(*data);
    return io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(data->data()), static_cast<int>(data->size()), px, &cfg,
                                          ranges);
  };
  out->height_per_em = *height_per_em(*font_data(regular, nullptr));
  out->body = add(regular, kBodyPx, kProseRanges);  // first font = ImGui's default
  out->bold = add(bold, kBodyPx, kProseRanges);
  out->italic = add(italic, kBodyPx, kProseRanges);
  out->title = add(bold, kTitlePx, kTitleRanges);
  out->h2 = add(bold, kH2Px, kTitleRanges);
  out->h3 = add(bold, kH3Px, kTitleRanges);
  out->small = add(regular, kSmallPx, kProseRanges);
  out->mono = add(mono, kCodePx, kMonoRanges);
  io.FontGlobalScale = 1.0f / scale;
  if (!io.Fonts->Build()) {
    if (error) *error = "cannot build the font atlas";
    return false;
  }
  return true;
}

}  // namespace fl::ui

#pragma once
// Text placed on whole device pixels. Layout is in CSS pixels and fonts are rasterised at the
// device ratio; ImGui floors a text position in CSS pixels, which at a fractional ratio (150 %
// zoom: 1 CSS px = 1.5 device px) puts every other word half a device pixel off, so word gaps
// look uneven and glyphs blur. These helpers round to the device grid instead.
#include <imgui.h>

namespace fl::ui {

// Device pixels per CSS pixel in the current frame (the font atlas's scale).
float device_scale();
// `css` rounded to the nearest whole device pixel, in CSS pixels.
float snap_px(float css);
ImVec2 snap_px(ImVec2 css);

// ImDrawList::AddText with its origin on the device pixel grid (glyph advances are already
// whole device pixels: the fonts are built with PixelSnapH at the device ratio).
void add_text_snapped(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 color, const char* begin,
                      const char* end, float wrap_width = 0);

}  // namespace fl::ui

#include "ui/pixel_snap.h"

#include <cmath>

namespace fl::ui {

float device_scale() {
  const float global = ImGui::GetIO().FontGlobalScale;
  return global > 0 ? 1.0f / global : 1.0f;
}

float snap_px(float css) {
  const float s = device_scale();
  return std::round(css * s) / s;
}

ImVec2 snap_px(ImVec2 css) { return ImVec2(snap_px(css.x), snap_px(css.y)); }

void add_text_snapped(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 color, const char* begin,
                      const char* end, float wrap_width) {
  const ImVec2 want = snap_px(pos);
  // ImFont::RenderText floors its origin in CSS pixels; hand it a whole CSS pixel and move the
  // quads it emits by the rest, so the origin lands exactly on `want`.
  const ImVec2 floored(std::floor(want.x), std::floor(want.y));
  const int first = dl->VtxBuffer.Size;
  dl->AddText(font, size, floored, color, begin, end, wrap_width);
  const float dx = want.x - floored.x, dy = want.y - floored.y;
  if (dx == 0 && dy == 0) return;
  for (int i = first; i < dl->VtxBuffer.Size; ++i) {
    dl->VtxBuffer[i].pos.x += dx;
    dl->VtxBuffer[i].pos.y += dy;
  }
}

}  // namespace fl::ui

#pragma once
// The text size setting (Normal, Large, Larger), drawn by the settings view: pills like the
// theme's, stored in the settings table beside it ("text_size").
#include "ui/views.h"

namespace fl::ui {

void draw_text_size_control(const ViewContext& ctx);

}  // namespace fl::ui

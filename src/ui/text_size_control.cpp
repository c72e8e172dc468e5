#include "ui/text_size_control.h"

#include <cmath>
#include <string>

#include "ui/widgets.h"

namespace fl::ui {

void draw_text_size_control(const ViewContext& ctx) {
  subheading(ctx, "Text size");
  bool first = true;
  for (TextSize size : kTextSizes) {
    if (!first) ImGui::SameLine(0, 8);
    first = false;
    const std::string label = std::string(text_size_label(size)) + " (" +
                              std::to_string(static_cast<int>(std::lround(kBodyPx * text_scale(size)))) + " px)";
    if (pill(ctx, label, "text-size:" + std::string(to_string(size)), Mark::none, ctx.state.text_size == size))
      ctx.actions.text_size = size;
  }
}

}  // namespace fl::ui

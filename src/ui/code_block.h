#pragma once
// A block of code: monospace on a tinted panel, long lines wrapped (never clipped), the
// language as a caption and a Copy button that puts the code on the OS clipboard (through
// ImGui's clipboard hooks, which the platform layer bridges).
#include <string>
#include <string_view>

#include "ui/views.h"

namespace fl::ui {

// `id` must be unique in the window; the Copy button is published to tests as "copy:<id>".
void code_block(const ViewContext& ctx, const std::string& code, std::string_view language, std::string_view id);

}  // namespace fl::ui

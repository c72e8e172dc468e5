#pragma once
// The last frame's interactive items, for browser tests (window.faultlineTest.widgets) and
// debugging: {label, id, x, y, w, h} in CSS pixels of the page. Every ImGui widget is recorded
// through ImGui's test-engine hooks (ItemAdd + ItemInfo); custom widgets call record_item.
// Reuses its buffers: an idle frame allocates nothing.
#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace fl::ui {

struct TestItem {
  std::string label;  // visible text, without any "##" suffix
  std::string id;     // the text after "##" (or "###"), else the label
  float x = 0, y = 0, w = 0, h = 0;
};

void install_test_hooks();  // after ImGui::CreateContext
void begin_test_frame();    // before ImGui::NewFrame
void end_test_frame();      // after ImGui::Render: this frame's items become the published ones

// Records the last item (GetItemRectMin/Max, clipped to the window): for custom widgets that
// do not go through ImGui's ItemInfo hook.
void record_item(std::string_view label, std::string_view id);

const std::vector<TestItem>& published_items();
std::size_t published_count();
// The published items as a JSON array (reused buffer).
const std::string& published_items_json();

}  // namespace fl::ui

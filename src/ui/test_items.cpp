#include "ui/test_items.h"

#include <imgui_internal.h>

#include <cstdio>

namespace fl::ui {

namespace {

struct Frames {
  std::vector<TestItem> items[2];
  std::size_t count[2] = {0, 0};
  int current = 0;
  // ItemAdd gives the rectangle, ItemInfo (right after, same id) the label.
  ImGuiID pending_id = 0;
  ImRect pending_rect;
  std::string json;
};

Frames& frames() {
  static Frames f;
  return f;
}

void push(std::string_view label, std::string_view id, const ImRect& r) {
  Frames& f = frames();
  auto& items = f.items[f.current];
  std::size_t& n = f.count[f.current];
  if (n == items.size()) items.emplace_back();
  TestItem& it = items[n++];
  it.label.assign(label);
  it.id.assign(id);
  it.x = r.Min.x;
  it.y = r.Min.y;
  it.w = r.GetWidth();
  it.h = r.GetHeight();
}

ImRect visible(const ImRect& bb) {
  ImGuiContext& g = *GImGui;
  ImRect r = bb;
  if (g.CurrentWindow) r.ClipWithFull(g.CurrentWindow->ClipRect);
  return r;
}

void append_escaped(std::string& out, const std::string& s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
}

}  // namespace

void install_test_hooks() { GImGui->TestEngineHookItems = true; }

void begin_test_frame() {
  Frames& f = frames();
  f.count[f.current] = 0;
  f.pending_id = 0;
}

void end_test_frame() {
  Frames& f = frames();
  f.current ^= 1;
  f.count[f.current] = 0;
}

void record_item(std::string_view label, std::string_view id) {
  ImGuiContext& g = *GImGui;
  ImRect r = visible(g.LastItemData.Rect);
  if (r.GetWidth() <= 0 || r.GetHeight() <= 0) return;
  push(label, id, r);
}

const std::vector<TestItem>& published_items() {
  Frames& f = frames();
  return f.items[f.current ^ 1];
}

std::size_t published_count() {
  Frames& f = frames();
  return f.count[f.current ^ 1];
}

const std::string& published_items_json() {
  Frames& f = frames();
  const auto& items = published_items();
  std::size_t n = published_count();
  f.json.clear();
  f.json += '[';
  char num[160];
  for (std::size_t i = 0; i < n; ++i) {
    const TestItem& it = items[i];
    if (i) f.json += ',';
    f.json += "{\"label\":\"";
    append_escaped(f.json, it.label);
    f.json += "\",\"id\":\"";
    append_escaped(f.json, it.id);
    std::snprintf(num, sizeof num, "\",\"x\":%.2f,\"y\":%.2f,\"w\":%.2f,\"h\":%.2f}", it.x, it.y, it.w, it.h);
    f.json += num;
  }
  f.json += ']';
  return f.json;
}

}  // namespace fl::ui

// ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE), defined here for the whole app.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) {
  auto& f = fl::ui::frames();
  ImRect r = fl::ui::visible(bb);
  if (r.GetWidth() <= 0 || r.GetHeight() <= 0) {
    f.pending_id = 0;
    return;
  }
  f.pending_id = id;
  f.pending_rect = r;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
  auto& f = fl::ui::frames();
  if (id == 0 || id != f.pending_id || !label) return;
  f.pending_id = 0;
  // "Label##id" shows "Label"; "Label###id" too. Without "##" the label is the id.
  std::string_view text(label);
  std::size_t hashes = text.find("##");
  std::string_view shown = text.substr(0, hashes);
  std::string_view key = shown;
  if (hashes != std::string_view::npos) {
    key = text.substr(hashes + 2);
    if (!key.empty() && key.front() == '#') key.remove_prefix(1);
  }
  fl::ui::push(shown, key, f.pending_rect);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

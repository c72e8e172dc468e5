// The shell: top bar (brand, pages, save status), navigation bar, and the content pane that
// shows whatever the route names.
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

#include "ui/test_items.h"
#include "ui/lab_workspace.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

constexpr float kTopBarHeight = 52;
constexpr float kColumnWidth = 760;

struct PageTab {
  const char* label;
  Page page;
  const char* hash;
};
constexpr PageTab kTabs[] = {{"Progress", Page::progress, "#/progress"},
                             {"Playground", Page::playground, "#/playground"},
                             {"Settings", Page::settings, "#/settings"},
                             {"About", Page::about, "#/about"}};

struct SaveLabel {
  const char* text;
  ImU32 color;
  const char* detail;
};

SaveLabel save_label(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  const Palette& p = ctx.palette;
  if (!s.storage_ready) return {"Opening\u2026", p.text_dim, "Opening your saved progress."};
  if (!s.store_error.empty()) return {"Not saved", p.danger, s.store_error.c_str()};
  if (!s.save.persistent)
    return {"Not kept", p.danger, s.save.problem.empty() ? "Progress lives in memory only." : s.save.problem.c_str()};
  if (!s.save.saved || s.save.syncs_in_flight > 0)
    return {"Saving\u2026", p.warning, "Writing your progress to this browser's storage."};
  return {"Saved", p.done,
          s.platform == "web" ? "Your progress is stored in this browser (IndexedDB)."
                              : "Your progress is stored in your data folder."};
}

void draw_save_status(const ViewContext& ctx, float right, float center_y) {
  SaveLabel l = save_label(ctx);
  ImGui::PushFont(ctx.fonts.small);
  const ImVec2 ts = ImGui::CalcTextSize(l.text);
  const ImVec2 size(ts.x + 16, ts.y + 8);
  const ImVec2 pos(std::floor(right - size.x), std::floor(center_y - size.y * 0.5f));
  ImGui::SetCursorScreenPos(pos);
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddCircleFilled(ImVec2(pos.x + 4, pos.y + size.y * 0.5f), 3.5f, l.color, 12);
  dl->AddText(ImVec2(pos.x + 14, pos.y + 4), l.color, l.text);
  record_item(l.text, "save-status");
  ImGui::PopFont();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", l.detail);
}

}  // namespace

void draw_top_bar(const ViewContext& ctx) {
  const Palette& p = ctx.palette;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetWindowWidth();
  dl->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + kTopBarHeight), p.surface);
  dl->AddLine(ImVec2(origin.x, origin.y + kTopBarHeight - 0.5f),
              ImVec2(origin.x + width, origin.y + kTopBarHeight - 0.5f), p.border);
  const float center_y = origin.y + kTopBarHeight * 0.5f;

  // Right side first, so that the course title knows how much room it has.
  float tabs_width = 0;
  for (const auto& t : kTabs) tabs_width += ImGui::CalcTextSize(t.label).x + 20 + 2;
  ImGui::PushFont(ctx.fonts.small);
  const float status_width = ImGui::CalcTextSize(save_label(ctx).text).x + 16;
  ImGui::PopFont();
  const float right_edge = origin.x + width - 16;
  const float tabs_x = std::floor(right_edge - status_width - 14 - tabs_width);

  // Brand and course title.
  ImGui::PushFont(ctx.fonts.bold);
  const float brand_h = ImGui::GetFontSize();
  const ImVec2 brand_pos(origin.x + 20, std::floor(center_y - brand_h * 0.5f));
  dl->AddText(brand_pos, p.accent, "Faultline");
  const float brand_w = ImGui::CalcTextSize("Faultline").x;
  ImGui::PopFont();
  if (ctx.state.outline) {
    const std::string& title = ctx.state.outline->title;
    const float title_x = brand_pos.x + brand_w + 14;
    if (title_x + ImGui::CalcTextSize(title.c_str()).x + 16 < tabs_x)
      dl->AddText(ImVec2(title_x, brand_pos.y), p.text_dim, title.c_str());
  }

  ImGui::SetCursorScreenPos(
      ImVec2(std::max(tabs_x, brand_pos.x + brand_w + 16), std::floor(center_y - ImGui::GetFontSize() * 0.5f - 7)));
  bool first = true;
  for (const auto& t : kTabs) {
    if (!first) ImGui::SameLine(0, 2);
    first = false;
    bool selected = ctx.state.route_valid && ctx.state.route.page == t.page;
    if (tab(ctx, t.label, t.hash, selected)) ctx.actions.navigate = t.hash;
  }
  draw_save_status(ctx, right_edge, center_y);
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + kTopBarHeight));
  ImGui::Dummy(ImVec2(0, 0));
}

namespace {

void draw_not_found(const ViewContext& ctx) {
  kicker(ctx, "NOT FOUND", ctx.palette.warning);
  heading(ctx, "There is no page here");
  wrapped(ctx.fonts.body, ctx.palette.text_dim,
          "The address " + ctx.state.route_hash + " does not name a lesson, quiz, lab or page of this course.");
  ImGui::Dummy(ImVec2(0, 4));
  if (ctx.state.outline && !ctx.state.outline->items.empty()) {
    const auto& first = ctx.state.outline->items.front();
    if (link(ctx, "Go to the start of the course", "not-found:start")) ctx.actions.navigate = item_hash(first);
  }
}

// PageUp/PageDown, Home/End and the arrow keys scroll the content pane (unless a text field
// has the keyboard).
void scroll_with_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  const float page = ImGui::GetWindowHeight() * 0.85f, line = ImGui::GetFontSize() * 3;
  float y = ImGui::GetScrollY();
  const float before = y;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageDown))) y += page;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_PageUp))) y -= page;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) y += line;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) y -= line;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) y = 0;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) y = ImGui::GetScrollMaxY();
  if (y != before) ImGui::SetScrollY(std::clamp(y, 0.0f, ImGui::GetScrollMaxY()));
}

void draw_content(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  if (!s.outline) {
    kicker(ctx, "CONTENT ERROR", ctx.palette.danger);
    heading(ctx, "The course outline could not be loaded");
    wrapped(ctx.fonts.mono, ctx.palette.danger, s.outline_error);
    if (!s.route_valid || s.route.page == Page::item) return;
  }
  if (!s.has_route) {
    wrapped(ctx.fonts.body, ctx.palette.text_dim, "Opening your progress\u2026");
    return;
  }
  if (!s.route_valid) {
    draw_not_found(ctx);
    return;
  }
  switch (s.route.page) {
    case Page::item:
      if (const course::OutlineItem* item = s.outline->find(s.route.kind, s.route.number)) draw_item_view(ctx, *item);
      return;
    case Page::progress: draw_progress_view(ctx); return;
    case Page::settings: draw_settings_view(ctx); return;
    case Page::about: draw_about_view(ctx); return;
    case Page::playground: draw_playground_view(ctx); return;
  }
}

}  // namespace

void draw_shell(const ViewContext& ctx) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::PushFont(ctx.fonts.body);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  ImGui::Begin("##faultline", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar(2);

  draw_top_bar(ctx);
  draw_nav_bar(ctx);

  // One child per route: each page keeps its own scroll position (back returns to it).
  const std::string& key = ctx.state.has_route ? ctx.state.route_hash : std::string("#/");
  if (is_workspace_page(ctx.state)) {
    // The lab workspace fills the pane itself: its panes scroll, the page does not.
    ImGui::BeginChild(key.c_str(), ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    draw_workspace_page(ctx);
    ImGui::EndChild();
    ImGui::End();
    ImGui::PopFont();
    return;
  }
  ImGui::BeginChild(key.c_str(), ImVec2(0, 0), false);
  static int scrolled_to_top = 0;  // the last AppState::scroll_to_top acted on
  if (scrolled_to_top != ctx.state.scroll_to_top) {
    scrolled_to_top = ctx.state.scroll_to_top;
    ImGui::SetScrollY(0);
  }
  scroll_with_keys();
  ImGui::Dummy(ImVec2(0, 20));
  begin_column(kColumnWidth);
  draw_writer_banner(ctx);
  draw_content(ctx);
  ImGui::Dummy(ImVec2(0, 32));
  end_column();
  ImGui::EndChild();

  ImGui::End();
  ImGui::PopFont();
}

}  // namespace fl::ui

// The lab workspace (#/lab/N, #/playground): a toolbar (Run, Submit, Stop, seed, Reset to
// starter, Download, progress), the brief beside the code editor, and below them the tabs
// Timeline | Checks | Console | Metrics. The splits are dragged and kept in the settings.
// A function of the workspace state (ui/workspace.h): requests go to Actions.
#include <imgui_internal.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "ui/lab_workspace.h"
#include "ui/test_items.h"
#include "ui/code_editor.h"
#include "ui/markdown_view.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

constexpr float kSplitter = 8;      // the grab area between panes, CSS pixels
constexpr float kMinPane = 120;     // no pane is dragged smaller than this
constexpr float kToolbarGap = 8;

WorkspaceRequest request(const Workspace& ws, WorkspaceRequest::Op op) {
  WorkspaceRequest r;
  r.op = op;
  r.doc_id = ws.doc_id;
  return r;
}

bool toolbar_button(const char* label, bool enabled, const char* tooltip) {
  ImGui::BeginDisabled(!enabled);
  const bool pressed = ImGui::Button(label);
  ImGui::EndDisabled();
  if (tooltip && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tooltip);
  return pressed && enabled;
}

// A draggable bar between two panes; returns the new position of its leading edge (in the
// axis's coordinates) while dragged. `done` is set on the frame the drag ends.
bool splitter(const char* id, bool vertical, ImVec2 pos, float length, float* delta, bool* done, const Palette& p) {
  ImGui::SetCursorScreenPos(pos);
  const ImVec2 size = vertical ? ImVec2(kSplitter, length) : ImVec2(length, kSplitter);
  ImGui::InvisibleButton(id, size);
  const bool active = ImGui::IsItemActive();
  const bool hovered = ImGui::IsItemHovered();
  if (hovered || active) ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
  *done = ImGui::IsItemDeactivated();
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 col = active ? p.accent : hovered ? p.text_dim : p.border;
  if (vertical) {
    const float x = std::round((a.x + b.x) * 0.5f);
    dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), col, active || hovered ? 2.0f : 1.0f);
  } else {
    const float y = std::round((a.y + b.y) * 0.5f);
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), col, active || hovered ? 2.0f : 1.0f);
  }
  *delta = active ? (vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y) : 0.0f;
  return active || *done;
}

std::string seed_label(std::uint64_t seed) { return "seed " + std::to_string(seed); }

void draw_progress(const ViewContext& ctx, const Workspace& ws, float width) {
  const Palette& p = ctx.palette;
  const LabSession& s = *ws.session;
  const RunProgress pr = s.progress();
  std::string text;
  float fraction = 0;
  if (s.phase() == RunPhase::running) {
    const double reached = static_cast<double>(pr.reached) / 1e6, limit = static_cast<double>(pr.limit) / 1e6;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s %zu of %zu \u00b7 t = %.1f s of %.0f s \u00b7 %zu requests",
                  s.kind() == RunKind::run ? "Running seed" : "Grading seed", pr.seed_index + 1, pr.seed_count,
                  reached, limit, pr.requests);
    text = buf;
    const float per_seed = pr.limit > 0 ? std::min(1.0f, static_cast<float>(reached / limit)) : 0;
    fraction = pr.seed_count ? (static_cast<float>(pr.seed_index) + per_seed) / static_cast<float>(pr.seed_count) : 0;
  } else if (s.phase() == RunPhase::done && s.report()) {
    const grade::Report& r = *s.report();
    char buf[200];
    if (ws.session->lab().playground()) {
      const KeptRun* run = s.shown_run();
      std::snprintf(buf, sizeof buf, "Finished: %s \u00b7 %.1f s virtual \u00b7 %zu requests",
                    run && run->facts.ok() ? "completed" : "stopped with an error",
                    run ? static_cast<double>(run->facts.virtual_duration) / 1e6 : 0.0, pr.requests);
    } else {
      std::snprintf(buf, sizeof buf, "%s: %s \u00b7 score %s of %s \u00b7 %zu requests",
                    s.kind() == RunKind::run ? "Run" : "Submitted",
                    r.status == grade::Status::pass   ? "passed"
                    : r.status == grade::Status::fail ? "failed"
                                                      : "error",
                    format_points(r.score).c_str(), format_points(r.max_score).c_str(), pr.requests);
    }
    text = buf;
    fraction = 1;
  } else if (s.stopped()) {
    text = "Stopped.";
  } else {
    text = ws.session->lab().playground() ? "Run your code against the playground's world."
                                           : "Run tries one seed; Submit grades every seed and records the result.";
  }
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetFrameHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + h), p.surface, 4);
  if (fraction > 0) {
    ImU32 fill = p.accent_soft;
    if (s.phase() == RunPhase::done && s.report() && !ws.session->lab().playground())
      fill = s.report()->status == grade::Status::pass ? p.done : p.warning;
    dl->AddRectFilled(pos, ImVec2(pos.x + std::max(4.0f, width * fraction), pos.y + h),
                      (fill & 0x00FFFFFFu) | 0x50000000u, 4);
  }
  ImGui::PushClipRect(pos, ImVec2(pos.x + width, pos.y + h), true);
  ImGui::PushFont(ctx.fonts.small);
  const float ty = pos.y + (h - ImGui::GetFontSize()) * 0.5f;
  dl->AddText(ImVec2(pos.x + 8, ty), p.text, text.c_str());
  ImGui::PopFont();
  ImGui::PopClipRect();
  ImGui::Dummy(ImVec2(width, h));
  record_item(text, "ws-progress");
}

void draw_toolbar(const ViewContext& ctx, const Workspace& ws, float right_edge) {
  const float left = ImGui::GetCursorScreenPos().x;
  const LabSession& s = *ws.session;
  const bool running = s.phase() == RunPhase::running;
  const bool playground = s.lab().playground();
  // Ctrl/Cmd+Enter in the editor is Run.
  if (ctx.state.editor.run_requested == ws.doc_id && !running)
    ctx.actions.workspace = request(ws, WorkspaceRequest::Op::run);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(6, 6));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(12, 5));
  if (toolbar_button("Run##ws-run", !running, "Run your code once, on the seed shown (Ctrl/Cmd+Enter)"))
    ctx.actions.workspace = request(ws, WorkspaceRequest::Op::run);
  if (!playground) {
    ImGui::SameLine();
    if (toolbar_button("Submit##ws-submit", !running, "Grade your code on every seed of the lab and record the result"))
      ctx.actions.workspace = request(ws, WorkspaceRequest::Op::submit);
  }
  ImGui::SameLine();
  if (toolbar_button("Stop##ws-stop", running, "Stop the run"))
    ctx.actions.workspace = request(ws, WorkspaceRequest::Op::stop);

  // The seed Run uses (Submit grades them all).
  ImGui::SameLine(0, kToolbarGap * 2);
  const auto& seeds = s.lab().seeds();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("seed 000000").x + 40);
  ImGui::BeginDisabled(running);
  if (ImGui::BeginCombo("##ws-seed", seed_label(ws.seed).c_str())) {
    for (std::uint64_t seed : seeds) {
      const std::string label = seed_label(seed) + "##ws-seed-" + std::to_string(seed);
      if (ImGui::Selectable(label.c_str(), seed == ws.seed)) {
        WorkspaceRequest r = request(ws, WorkspaceRequest::Op::pick_seed);
        r.seed = seed;
        ctx.actions.workspace = r;
      }
    }
    ImGui::EndCombo();
  }
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("The seed Run uses: the same seed and code always give the same run");

  ImGui::SameLine(0, kToolbarGap * 2);
  if (ws.confirm_reset) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.palette.warning);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Replace your code with the starter?");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (toolbar_button("Replace##ws-reset-yes", true, nullptr)) {
      ctx.actions.workspace = request(ws, WorkspaceRequest::Op::confirm_reset);
      ctx.actions.reset_draft = ws.doc_id;
    }
    ImGui::SameLine();
    if (toolbar_button("Keep my code##ws-reset-no", true, nullptr))
      ctx.actions.workspace = request(ws, WorkspaceRequest::Op::cancel_reset);
  } else {
    if (toolbar_button("Reset to starter##ws-reset", !running, "Go back to the lab's starter code (asks first)"))
      ctx.actions.workspace = request(ws, WorkspaceRequest::Op::ask_reset);
    ImGui::SameLine();
    if (toolbar_button("Download##ws-download", true, "Save your code, or the results of the last run or submission"))
      ImGui::OpenPopup("##ws-download-menu");
    if (ImGui::BeginPopup("##ws-download-menu")) {
      if (ImGui::Selectable("Your code (solution.lua)##ws-download-code"))
        ctx.actions.workspace = request(ws, WorkspaceRequest::Op::download_code);
      ImGui::BeginDisabled(s.results_json().empty());
      if (ImGui::Selectable("Its results (results.json)##ws-download-results"))
        ctx.actions.workspace = request(ws, WorkspaceRequest::Op::download_results);
      ImGui::EndDisabled();
      ImGui::EndPopup();
    }
  }
  ImGui::SameLine(0, kToolbarGap * 2);
  const float rest = right_edge - ImGui::GetCursorScreenPos().x;
  if (rest > 160) {
    draw_progress(ctx, ws, rest);
  } else {
    ImGui::NewLine();
    ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
    draw_progress(ctx, ws, right_edge - left);
  }
  ImGui::PopStyleVar(2);
}

void draw_brief(const ViewContext& ctx, const Workspace& ws, const LabFiles* files) {
  ImGui::PushTextWrapPos(0);
  if (files) {
    if (!files->error.empty()) wrapped(ctx.fonts.mono, ctx.palette.danger, files->error);
    if (!files->summary.empty()) {
      wrapped(ctx.fonts.body, ctx.palette.text_dim, files->summary);
      ImGui::Dummy(ImVec2(0, 6));
    }
    draw_markdown(ctx, files->brief, ws.doc_id);
  }
  ImGui::Dummy(ImVec2(0, 12));
  draw_local_grading(ctx, ws, files);
  ImGui::Dummy(ImVec2(0, 12));
  ImGui::PopTextWrapPos();
}

void draw_tabs(const ViewContext& ctx, const Workspace& ws, ImVec2 size) {
  const bool playground = ws.session->lab().playground();
  const ImVec2 start = ImGui::GetCursorScreenPos();
  struct TabSpec {
    WorkspaceTab tab;
    const char* label;
    const char* id;
  };
  const TabSpec tabs[] = {{WorkspaceTab::timeline, "Timeline", "ws-tab-timeline"},
                          {WorkspaceTab::checks, "Checks", "ws-tab-checks"},
                          {WorkspaceTab::console, "Console", "ws-tab-console"},
                          {WorkspaceTab::metrics, "Metrics", "ws-tab-metrics"}};
  WorkspaceTab shown = ws.tab;
  if (playground && shown == WorkspaceTab::checks) shown = WorkspaceTab::console;
  for (const TabSpec& t : tabs) {
    if (playground && t.tab == WorkspaceTab::checks) continue;
    std::string label = t.label;
    if (t.tab == WorkspaceTab::console) {
      const std::size_t n = ws.console.lines().size();
      if (n) label += " (" + std::to_string(n) + ")";
    } else if (t.tab == WorkspaceTab::checks && ws.session->report() && !ws.session->report()->tests.empty()) {
      std::size_t failed = 0;
      for (const auto& test : ws.session->report()->tests) failed += test.status != grade::Status::pass;
      if (failed) label += " (" + std::to_string(failed) + " failed)";
    }
    if (tab(ctx, label, t.id, shown == t.tab)) {
      WorkspaceRequest r = request(ws, WorkspaceRequest::Op::show_tab);
      r.tab = t.tab;
      ctx.actions.workspace = r;
    }
    ImGui::SameLine(0, 2);
  }
  ImGui::NewLine();
  ImGui::SetCursorScreenPos(ImVec2(start.x, ImGui::GetCursorScreenPos().y));
  const float used = ImGui::GetCursorScreenPos().y - start.y;
  const ImVec2 body(size.x, std::max(40.0f, size.y - used));
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ctx.palette.surface);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(10, 8));
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 6);
  const std::string child = "##ws-panel-" + std::string(to_string(shown));
  // The timeline draws its own canvas and handles the wheel itself.
  const ImGuiWindowFlags flags = shown == WorkspaceTab::timeline || shown == WorkspaceTab::metrics
                                     ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse
                                     : ImGuiWindowFlags_None;
  ImGui::BeginChild(child.c_str(), body, false, flags);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(6, 4));
  switch (shown) {
    case WorkspaceTab::timeline: draw_timeline_panel(ctx, ws); break;
    case WorkspaceTab::checks: draw_checks_panel(ctx, ws); break;
    case WorkspaceTab::console: draw_console_panel(ctx, ws); break;
    case WorkspaceTab::metrics: draw_metrics_panel(ctx, ws); break;
  }
  ImGui::PopStyleVar();
  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor();
}

}  // namespace

// The editor (ui/code_editor.h): CodeMirror placed over this rectangle on the web, an ImGui
// text box on the desktop, with the error of the last run marked on its line.
void draw_editor_pane(const ViewContext& ctx, const Workspace& ws, ImVec2 size) {
  EditorMarker marker;
  if (ws.session->phase() != RunPhase::running)
    if (const KeptRun* failed = ws.session->failed_run(); failed && failed->facts.line > 0)
      marker = EditorMarker{failed->facts.line, failed->facts.message};
  code_editor(ctx, ws.doc_id, size, marker);
}

bool is_workspace_page(const AppState& state) {
  if (!state.route_valid) return false;
  if (state.route.page == Page::playground) return state.workspaces.count("playground") > 0;
  if (state.route.page != Page::item || state.route.kind != course::ItemKind::lab || !state.outline) return false;
  const course::OutlineItem* item = state.outline->find(state.route.kind, state.route.number);
  return item && !item->planned && state.workspaces.count("lab:" + item->id);
}

void draw_workspace_page(const ViewContext& ctx) {
  const AppState& s = ctx.state;
  const Palette& p = ctx.palette;
  const course::OutlineItem* item =
      s.route.page == Page::item ? s.outline->find(s.route.kind, s.route.number) : nullptr;
  const std::string doc_id = item ? "lab:" + item->id : "playground";
  const Workspace& ws = s.workspaces.at(doc_id);
  const LabFiles* files = item ? (s.labs.count(item->id) ? &s.labs.at(item->id) : nullptr) : &s.playground;

  // Header: kind and title on one line, the lab's record beside them.
  const float pad = 16;
  ImGui::SetCursorPos(ImVec2(pad, 10));
  ImGui::BeginGroup();
  kicker(ctx, item ? kind_label(*item) : "Playground", p.accent);
  ImGui::SameLine(0, 10);
  ImGui::PushFont(ctx.fonts.h3);
  ImGui::TextUnformatted(item ? item->title.c_str() : "A free-play world: no checks, no grades");
  ImGui::PopFont();
  if (item) {
    auto rec = s.lab_records.find(item->id);
    if (rec != s.lab_records.end() && rec->second.attempts > 0) {
      ImGui::SameLine(0, 12);
      const LabRecord& r = rec->second;
      const std::string text = std::string(r.passed ? "Passed" : "Not passed yet") + " \u00b7 best " +
                               format_points(r.best_score) + " of " + format_points(r.max_score) + " \u00b7 " +
                               std::to_string(r.attempts) + (r.attempts == 1 ? " submission" : " submissions");
      badge(ctx, text, r.passed ? p.done : p.warning);
      record_item(text, "ws-record");
    }
  }
  ImGui::EndGroup();
  if (!ws.session) {
    ImGui::SetCursorPosX(pad);
    ImGui::PushTextWrapPos(0);
    wrapped(ctx.fonts.mono, p.danger, ws.error);
    ImGui::PopTextWrapPos();
    return;
  }
  ImGui::SetCursorPosX(pad);
  ImGui::BeginGroup();
  draw_toolbar(ctx, ws, ImGui::GetWindowPos().x + ImGui::GetWindowWidth() - pad);
  ImGui::EndGroup();

  // The panes fill the rest of the page.
  const ImVec2 origin(ImGui::GetWindowPos().x + pad, ImGui::GetCursorScreenPos().y + 6);
  const ImVec2 avail(ImGui::GetWindowWidth() - pad * 2,
                     ImGui::GetWindowPos().y + ImGui::GetWindowHeight() - origin.y - pad * 0.5f);
  WorkspaceLayout layout = s.workspace_layout;
  // Each pane keeps a usable minimum while the window allows it.
  const float upper_h = std::clamp(std::round(avail.y * layout.upper_height), kMinPane,
                                   std::max(kMinPane, avail.y - kMinPane));
  const float brief_w = layout.brief_open ? std::clamp(std::round(avail.x * layout.brief_width), 220.0f,
                                                       std::max(220.0f, avail.x - 260.0f))
                                          : 0.0f;
  bool moved = false, done = false;

  // Brief (collapsible) | editor.
  if (layout.brief_open) {
    ImGui::SetCursorScreenPos(origin);
    ImGui::BeginChild("##ws-brief", ImVec2(brief_w, upper_h), false);
    if (link(ctx, "\u2039 Hide the brief", "ws-hide-brief"))
      ctx.actions.workspace = request(ws, WorkspaceRequest::Op::toggle_brief);
    ImGui::Dummy(ImVec2(0, 4));
    draw_brief(ctx, ws, files);
    ImGui::EndChild();
    float delta = 0;
    bool released = false;
    if (splitter("##ws-split-v", true, ImVec2(origin.x + brief_w, origin.y), upper_h, &delta, &released, p)) {
      layout.brief_width = std::clamp((brief_w + delta) / avail.x, 0.15f, 0.85f);
      moved = true;
      done = done || released;
    }
  }
  const float editor_x = origin.x + (layout.brief_open ? brief_w + kSplitter : 0.0f);
  ImGui::SetCursorScreenPos(ImVec2(editor_x, origin.y));
  if (!layout.brief_open) {
    if (link(ctx, "Show the brief \u203a", "ws-show-brief"))
      ctx.actions.workspace = request(ws, WorkspaceRequest::Op::toggle_brief);
    ImGui::SetCursorScreenPos(ImVec2(editor_x, ImGui::GetCursorScreenPos().y + 2));
  }
  const float editor_top = ImGui::GetCursorScreenPos().y;
  const ImVec2 editor_size(origin.x + avail.x - editor_x, origin.y + upper_h - editor_top);
  draw_editor_pane(ctx, ws, editor_size);

  // Tabs below.
  {
    float delta = 0;
    bool released = false;
    if (splitter("##ws-split-h", false, ImVec2(origin.x, origin.y + upper_h), avail.x, &delta, &released, p)) {
      layout.upper_height = std::clamp((upper_h + delta) / avail.y, 0.15f, 0.85f);
      moved = true;
      done = done || released;
    }
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + upper_h + kSplitter));
  draw_tabs(ctx, ws, ImVec2(avail.x, avail.y - upper_h - kSplitter));
  if (moved) {
    ctx.actions.workspace_layout = layout;
    ctx.actions.workspace_layout_done = done;
  }
}

}  // namespace fl::ui

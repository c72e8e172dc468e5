// The workspace's Console tab: the shown run's log and print lines (virtual time, level,
// agent and task, message, fields) above a level filter; a run that stopped with an error
// shows it first, with its line: clicking it moves the editor there.
#include <imgui_internal.h>

#include <cstdio>

#include "ui/lab_workspace.h"
#include "ui/test_items.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

ImU32 level_color(const Palette& p, LogLevel level) {
  switch (level) {
    case LogLevel::debug: return p.text_dim;
    case LogLevel::info: return p.accent;
    case LogLevel::warn: return p.warning;
    case LogLevel::error: return p.danger;
  }
  return p.text;
}

void draw_run_error(const ViewContext& ctx, const Workspace& ws, const KeptRun& run) {
  const Palette& p = ctx.palette;
  std::string text = run.facts.message;
  // Syntax errors already name the place ("solution.lua:3: ..."); runtime errors may not.
  const std::string place = std::string(kEditorSolution) + ":" + std::to_string(run.facts.line) + ":";
  if (run.facts.line > 0 && text.rfind(place, 0) != 0) text = place + " " + text;
  if (!run.facts.agent.empty()) text += " (" + run.facts.agent + ")";
  ImGui::PushStyleColor(ImGuiCol_Text, p.danger);
  ImGui::PushFont(ctx.fonts.mono);
  if (run.facts.line > 0) {
    if (ImGui::Selectable((text + "##console-error").c_str(), false))
      ctx.actions.editor_goto = std::make_pair(ws.doc_id, run.facts.line);
    if (ImGui::IsItemHovered()) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      ImGui::SetTooltip("Go to line %d in the editor", run.facts.line);
    }
  } else {
    ImGui::TextUnformatted(text.c_str());
    record_item(text, "console-error");
  }
  ImGui::PopFont();
  ImGui::PopStyleColor();
  ImGui::Separator();
}

}  // namespace

void draw_console_panel(const ViewContext& ctx, const Workspace& ws) {
  const Palette& p = ctx.palette;
  const LabSession& s = *ws.session;

  // The filter: this level and above.
  ImGui::AlignTextToFramePadding();
  wrapped(ctx.fonts.small, p.text_dim, "Show");
  for (LogLevel level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
    ImGui::SameLine();
    const std::string label = std::string(sandbox::to_string(level)) + (level == LogLevel::error ? "" : "+") +
                              "##console-level-" + sandbox::to_string(level);
    if (ImGui::RadioButton(label.c_str(), ws.console_level == level)) {
      WorkspaceRequest r;
      r.op = WorkspaceRequest::Op::console_level;
      r.doc_id = ws.doc_id;
      r.level = level;
      ctx.actions.workspace = r;
    }
  }
  ImGui::SameLine();
  const KeptRun* run = s.phase() == RunPhase::running ? nullptr : s.shown_run();
  char count[96];
  std::snprintf(count, sizeof count, "%zu of %zu lines%s", ws.console.count_at_least(ws.console_level),
                ws.console.lines().size(),
                run && s.kept_runs().size() > 1 ? (" \u00b7 seed " + std::to_string(run->seed)).c_str() : "");
  ImGui::AlignTextToFramePadding();
  wrapped(ctx.fonts.small, p.text_dim, count);
  ImGui::Separator();

  ImGui::BeginChild("##console-lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  if (run && !run->facts.ok()) draw_run_error(ctx, ws, *run);
  const auto& lines = ws.console.lines();
  if (lines.empty()) {
    wrapped(ctx.fonts.body, p.text_dim,
            s.phase() == RunPhase::idle && !run ? "Your log.info/warn/error/debug and print lines appear here when you run."
                                                : "No log lines in this run.");
  }
  // Only the visible rows are laid out (a run may log thousands of lines).
  std::vector<int> shown;
  shown.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].level >= ws.console_level) shown.push_back(static_cast<int>(i));
  ImGui::PushFont(ctx.fonts.mono);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(shown.size()));
  char head[96];
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const ConsoleLine& l = lines[static_cast<std::size_t>(shown[static_cast<std::size_t>(row)])];
      std::snprintf(head, sizeof head, "%9.3f s ", static_cast<double>(l.time) / 1e6);
      ImGui::PushStyleColor(ImGuiCol_Text, p.text_dim);
      ImGui::TextUnformatted(head);
      ImGui::SameLine(0, 0);
      ImGui::PopStyleColor();
      std::snprintf(head, sizeof head, "%-5s ", sandbox::to_string(l.level));
      ImGui::PushStyleColor(ImGuiCol_Text, level_color(p, l.level));
      ImGui::TextUnformatted(head);
      ImGui::PopStyleColor();
      ImGui::SameLine(0, 0);
      std::string who = l.agent;
      if (!l.task.empty()) who += "/" + l.task;
      ImGui::PushStyleColor(ImGuiCol_Text, p.text_dim);
      ImGui::TextUnformatted((who + "  ").c_str());
      ImGui::PopStyleColor();
      ImGui::SameLine(0, 0);
      ImGui::TextUnformatted(l.message.c_str());
      if (!l.fields.empty() && l.fields != "{}") {
        ImGui::SameLine(0, 12);
        ImGui::PushStyleColor(ImGuiCol_Text, p.code_name);
        ImGui::TextUnformatted(l.fields.c_str());
        ImGui::PopStyleColor();
      }
    }
  }
  ImGui::PopFont();
  // Follow the end while the run writes, unless the learner scrolled up.
  if (s.phase() == RunPhase::running && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

}  // namespace fl::ui

// The workspace's Checks tab: the last Run's or Submit's report, check by check (pass/fail,
// points, threshold, message). Clicking a failed check shows its evidence on the timeline
// (the run of the seed it failed on); its hints are revealed one at a time, the nudge first.
#include <imgui_internal.h>

#include <cmath>
#include <cstdio>

#include "ui/lab_workspace.h"
#include "ui/test_items.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

// The hints of a check, in lab.json order: the first is the nudge, later ones say more.
std::vector<const grade::HintSpec*> hints_of(const grade::LabGrading& g, const std::string& check_id) {
  std::vector<const grade::HintSpec*> out;
  for (const grade::HintSpec& h : g.hints)
    if (h.check == check_id) out.push_back(&h);
  return out;
}

// The check's parameters as a person reads them: "max_attempts 6 · service embeddings".
std::string threshold_text(const grade::CheckSpec& spec) {
  std::string out;
  if (!spec.params.is_object()) return out;
  for (const auto& [key, value] : spec.params.items()) {
    if (!out.empty()) out += " \u00b7 ";
    out += key + " " + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

// Drawn, not typed: the subset fonts have no check or cross glyphs. Shapes differ as well as
// colours: a disc with a check (pass), a ring with a cross (fail), a dim ring (not graded).
void status_mark(const ViewContext& ctx, grade::Status status) {
  const Palette& p = ctx.palette;
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(h, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float r = std::round(h * 0.36f);
  const ImVec2 c(std::round(pos.x + h * 0.5f), std::round(pos.y + h * 0.5f));
  if (status == grade::Status::pass) {
    draw_mark(dl, c, r, Mark::passed, p);
  } else if (status == grade::Status::fail) {
    dl->AddCircle(c, r - 0.5f, p.danger, 20, 1.5f);
    const float d = r * 0.45f;
    dl->AddLine(ImVec2(c.x - d, c.y - d), ImVec2(c.x + d, c.y + d), p.danger, 2.0f);
    dl->AddLine(ImVec2(c.x - d, c.y + d), ImVec2(c.x + d, c.y - d), p.danger, 2.0f);
  } else {
    dl->AddCircle(c, r - 0.5f, p.text_dim, 20, 1.5f);
  }
}

void draw_summary(const ViewContext& ctx, const Workspace& ws, const grade::Report& r) {
  const Palette& p = ctx.palette;
  std::size_t passed = 0;
  for (const auto& t : r.tests) passed += t.status == grade::Status::pass;
  std::string seeds;
  for (std::size_t i = 0; i < r.runs.size(); ++i) seeds += (i ? ", " : "") + std::to_string(r.runs[i].seed);
  const bool run = ws.session->kind() == RunKind::run;
  const std::string head = std::string(run ? "Run on seed " : "Submission, seeds ") + seeds + ": " +
                           std::to_string(passed) + " of " + std::to_string(r.tests.size()) + " checks passed \u00b7 " +
                           format_points(r.score) + " of " + format_points(r.max_score) + " points";
  const ImU32 color = r.status == grade::Status::pass ? p.done : r.status == grade::Status::fail ? p.warning : p.danger;
  wrapped(ctx.fonts.bold, color, head);
  record_item(head, "checks:summary");
  if (run && r.status == grade::Status::pass)
    wrapped(ctx.fonts.small, p.text_dim, "Passing one seed is a good sign: Submit grades every seed and records it.");
  if (r.status == grade::Status::error && !r.message.empty()) wrapped(ctx.fonts.body, p.danger, r.message);
  wrapped(ctx.fonts.small, p.text_dim, "Trace digest " + r.trace_digest + " \u00b7 lab " + r.lab_hash);
  ImGui::Dummy(ImVec2(0, 4));
}

void draw_check(const ViewContext& ctx, const Workspace& ws, const grade::TestResult& t) {
  const Palette& p = ctx.palette;
  const grade::LabGrading& g = ws.session->lab().grading;
  const grade::CheckSpec* spec = g.find_check(t.id);
  ImGui::PushID(t.id.c_str());
  status_mark(ctx, t.status);
  ImGui::SameLine(0, 8);
  const bool failed = t.status != grade::Status::pass;
  const std::string points = format_points(t.points) + " / " + format_points(t.max_points);
  const float points_w = ImGui::CalcTextSize(points.c_str()).x;
  // The check's name: clicking a failed one shows its evidence on the timeline.
  ImGui::PushFont(ctx.fonts.bold);
  const std::string label = t.name + "##check-" + t.id;
  const float name_w = ImGui::GetContentRegionAvail().x - points_w - 12;
  if (failed && !t.evidence.empty()) {
    if (ImGui::Selectable(label.c_str(), false, 0, ImVec2(name_w, 0))) {
      WorkspaceRequest r;
      r.op = WorkspaceRequest::Op::show_evidence;
      r.doc_id = ws.doc_id;
      r.check = t.id;
      ctx.actions.workspace = r;
    }
    if (ImGui::IsItemHovered()) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      ImGui::SetTooltip("Show the %zu event%s this check points at on the timeline (seed %llu)", t.evidence.size(),
                        t.evidence.size() == 1 ? "" : "s", static_cast<unsigned long long>(t.evidence_seed));
    }
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, failed ? p.text : p.text);
    ImGui::TextUnformatted(t.name.c_str());
    ImGui::PopStyleColor();
    record_item(t.name, "check-" + t.id);
  }
  ImGui::PopFont();
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - points_w);
  wrapped(ctx.fonts.body, failed ? p.warning : p.done, points);

  ImGui::Indent(22);
  if (!t.message.empty()) wrapped(ctx.fonts.body, failed ? p.text : p.text_dim, t.message);
  if (spec) {
    const std::string threshold = threshold_text(*spec);
    if (!threshold.empty()) wrapped(ctx.fonts.small, p.text_dim, "Threshold: " + threshold);
  }
  if (failed) {
    const auto hints = hints_of(g, t.id);
    auto shown_it = ws.hints_shown.find(t.id);
    const int shown = std::min<int>(shown_it == ws.hints_shown.end() ? 0 : shown_it->second,
                                    static_cast<int>(hints.size()));
    for (int i = 0; i < shown; ++i) {
      const std::string text = std::string(i == 0 ? "Hint: " : "Another hint: ") + hints[static_cast<std::size_t>(i)]->text;
      wrapped(ctx.fonts.italic, p.accent, text);
      record_item(text, "hint-" + t.id + "-" + std::to_string(i + 1));
    }
    if (!t.evidence.empty()) {
      if (ImGui::SmallButton(("Show on the timeline##evidence-" + t.id).c_str())) {
        WorkspaceRequest r;
        r.op = WorkspaceRequest::Op::show_evidence;
        r.doc_id = ws.doc_id;
        r.check = t.id;
        ctx.actions.workspace = r;
      }
      ImGui::SameLine();
    }
    if (shown < static_cast<int>(hints.size())) {
      const std::string label_hint = std::string(shown == 0 ? "Show a hint" : "Show another hint") + " (" +
                                     std::to_string(shown + 1) + " of " + std::to_string(hints.size()) + ")";
      if (ImGui::SmallButton((label_hint + "##hint-button-" + t.id).c_str())) {
        WorkspaceRequest r;
        r.op = WorkspaceRequest::Op::reveal_hint;
        r.doc_id = ws.doc_id;
        r.check = t.id;
        ctx.actions.workspace = r;
      }
    } else {
      ImGui::NewLine();
    }
  }
  ImGui::Unindent(22);
  ImGui::Dummy(ImVec2(0, 6));
  ImGui::PopID();
}

}  // namespace

void draw_checks_panel(const ViewContext& ctx, const Workspace& ws) {
  const Palette& p = ctx.palette;
  const LabSession& s = *ws.session;
  ImGui::PushTextWrapPos(0);
  if (s.phase() == RunPhase::running) {
    wrapped(ctx.fonts.body, p.text_dim, "Checks are judged when the run is over\u2026");
  } else if (!s.report()) {
    wrapped(ctx.fonts.body, p.text_dim,
            s.stopped() ? "The run was stopped before it ended: nothing was graded."
                        : "Run your code to see how it does on each check of one seed; Submit grades every seed.");
    ImGui::Dummy(ImVec2(0, 6));
    for (const grade::CheckSpec& c : s.lab().grading.checks) {
      wrapped(ctx.fonts.body, p.text, "\u2022 " + c.name + " (" + format_points(c.points) + ")");
    }
  } else {
    const grade::Report& r = *s.report();
    draw_summary(ctx, ws, r);
    for (const grade::TestResult& t : r.tests) draw_check(ctx, ws, t);
  }
  ImGui::PopTextWrapPos();
}

}  // namespace fl::ui

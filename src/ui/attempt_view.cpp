#include "ui/attempt_view.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "ui/rich_text.h"
#include "ui/test_items.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

constexpr float kRowPad = 10;
constexpr float kMarkerW = 34;

enum class Verdict { none, correct_picked, correct_missed, wrong_picked, plain };

void draw_check(ImDrawList* dl, ImVec2 c, float r, ImU32 color) {
  dl->AddLine(ImVec2(c.x - r * 0.55f, c.y + r * 0.05f), ImVec2(c.x - r * 0.15f, c.y + r * 0.45f), color, 2);
  dl->AddLine(ImVec2(c.x - r * 0.15f, c.y + r * 0.45f), ImVec2(c.x + r * 0.6f, c.y - r * 0.45f), color, 2);
}

void draw_cross(ImDrawList* dl, ImVec2 c, float r, ImU32 color) {
  dl->AddLine(ImVec2(c.x - r * 0.45f, c.y - r * 0.45f), ImVec2(c.x + r * 0.45f, c.y + r * 0.45f), color, 2);
  dl->AddLine(ImVec2(c.x - r * 0.45f, c.y + r * 0.45f), ImVec2(c.x + r * 0.45f, c.y - r * 0.45f), color, 2);
}

// The radio or checkbox of an option, drawn at `c`.
void draw_indicator(const Palette& p, ImDrawList* dl, ImVec2 c, bool multiple, bool picked, ImU32 accent) {
  const float r = 8;
  if (multiple) {
    const ImVec2 a(c.x - r, c.y - r), b(c.x + r, c.y + r);
    if (picked) {
      dl->AddRectFilled(a, b, accent, 4);
      draw_check(dl, c, r, p.on_accent);
    } else {
      dl->AddRect(a, b, p.text_dim, 4, 0, 1.5f);
    }
  } else {
    dl->AddCircle(c, r - 0.5f, picked ? accent : p.text_dim, 24, 1.5f);
    if (picked) dl->AddCircleFilled(c, r * 0.5f, accent, 16);
  }
}

// One option: a full-width row, clickable while answering. Its text is laid out first (into a
// splitter's top channel) so that the row's background can be drawn under it at the right size.
bool option_row(const ViewContext& ctx, const std::string& text, bool multiple, bool picked, Verdict verdict,
                const std::string& feedback, const std::string& id) {
  const Palette& p = ctx.palette;
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  ImDrawList* dl = window->DrawList;
  const ImVec2 start = window->DC.CursorPos;
  const float width = ImGui::CalcWrapWidthForPos(start, window->DC.TextWrapPos);

  ImDrawListSplitter splitter;
  splitter.Split(dl, 2);
  splitter.SetCurrentChannel(dl, 1);
  ImGui::Dummy(ImVec2(0, kRowPad));
  ImGui::Indent(kMarkerW + kRowPad);
  ImGui::PushTextWrapPos(window->DC.TextWrapPos > 0 ? window->DC.TextWrapPos - kRowPad - 30 : 0);
  rich_text(ctx, inline_markdown(text), TextStyle{ctx.fonts.body, p.text, 1.5f, false}, id + ":text");
  if (!feedback.empty()) {
    ImGui::Dummy(ImVec2(0, 4));
    rich_text(ctx, inline_markdown(feedback), TextStyle{ctx.fonts.body, p.text_dim, 1.5f, false}, id + ":feedback");
  }
  ImGui::PopTextWrapPos();
  ImGui::Unindent(kMarkerW + kRowPad);
  ImGui::Dummy(ImVec2(0, kRowPad));
  const ImRect bb(start, ImVec2(start.x + width, window->DC.CursorPos.y));

  bool pressed = false, hovered = false, held = false;
  const bool interactive = verdict == Verdict::none;
  const ImGuiID gid = window->GetID(id.c_str());
  if (interactive && ImGui::ItemAdd(bb, gid)) {
    pressed = ImGui::ButtonBehavior(bb, gid, &hovered, &held);
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    record_item(course::plain_text(inline_markdown(text)), id);
  } else if (!interactive && ImGui::ItemAdd(bb, 0)) {
    record_item(course::plain_text(inline_markdown(text)), id);
  }

  splitter.SetCurrentChannel(dl, 0);
  ImU32 border = p.border, fill = 0, accent = p.accent;
  switch (verdict) {
    case Verdict::none:
      if (picked) fill = p.accent_soft, border = p.accent;
      if (hovered) fill = held ? p.accent_soft : p.surface_hover;
      break;
    case Verdict::correct_picked: border = p.done, accent = p.done; break;
    case Verdict::correct_missed: border = p.done; break;
    case Verdict::wrong_picked: border = p.danger, accent = p.danger; break;
    case Verdict::plain: break;
  }
  if (fill) dl->AddRectFilled(bb.Min, bb.Max, fill, 8);
  dl->AddRect(bb.Min, bb.Max, border, 8, 0, verdict == Verdict::none || verdict == Verdict::plain ? 1.0f : 1.5f);
  const float line_h = std::round(em_px(ctx.fonts, ctx.fonts.body) * 1.5f);
  const ImVec2 c(bb.Min.x + kRowPad + 11, std::round(bb.Min.y + kRowPad + line_h * 0.5f));
  draw_indicator(p, dl, c, multiple, picked, accent);
  // After submission: a check for every correct option, a cross for a wrong pick.
  const ImVec2 m(bb.Max.x - kRowPad - 10, c.y);
  if (verdict == Verdict::correct_picked || verdict == Verdict::correct_missed) draw_check(dl, m, 9, p.done);
  if (verdict == Verdict::wrong_picked) draw_cross(dl, m, 9, p.danger);
  splitter.Merge(dl);
  return pressed;
}

std::string percent(double fraction) { return std::to_string(static_cast<int>(std::floor(fraction * 100 + 1e-9))) + "%"; }

void question_header(const ViewContext& ctx, std::size_t index, std::size_t count, course::QuestionKind kind,
                     const std::string& prompt, const std::string& id) {
  const Palette& p = ctx.palette;
  std::string k = "QUESTION " + std::to_string(index + 1) + " OF " + std::to_string(count) + " \u00b7 " +
                  (kind == course::QuestionKind::multiple ? "CHOOSE ALL THAT APPLY" : "CHOOSE ONE");
  kicker(ctx, k, p.text_dim);
  ImGui::Dummy(ImVec2(0, 6));
  rich_text(ctx, inline_markdown(prompt), TextStyle{ctx.fonts.bold, p.text, 1.45f, false}, id);
  ImGui::Dummy(ImVec2(0, 12));
}

constexpr const char* kConfirmPopup = "##confirm-submit";

// Asked before submitting with questions unanswered: one stray click must not record 0 of 15.
// Escape or "Keep answering" closes it; only "Submit anyway" submits.
void draw_submit_confirmation(const ViewContext& ctx, const std::string& quiz_id, std::size_t unanswered,
                              std::size_t total, AttemptKind kind) {
  const Palette& p = ctx.palette;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float width = std::min(460.0f, viewport->Size.x - 32);
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 20));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 10);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  const bool open = ImGui::BeginPopupModal(kConfirmPopup, nullptr,
                                           ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize |
                                               ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleVar(4);
  if (!open) return;
  ImGui::PushTextWrapPos(width - 24);
  const std::string n = std::to_string(unanswered);
  const std::string title = unanswered == total ? "Submit without answering any question?"
                            : unanswered == 1   ? "Submit with 1 question unanswered?"
                                                : "Submit with " + n + " questions unanswered?";
  wrapped(ctx.fonts.h3, p.text, title);
  record_item(title, "confirm:title");
  ImGui::Dummy(ImVec2(0, 8));
  std::string body = std::to_string(total - unanswered) + " of " + std::to_string(total) +
                     " answered. Unanswered questions score nothing, and a submitted attempt is final";
  body += kind == AttemptKind::module_test ? " (you can retake the test; your best score is kept)."
                                           : " (you can retake the quiz; your best score is kept).";
  wrapped(ctx.fonts.body, p.text_dim, body);
  ImGui::Dummy(ImVec2(0, 16));
  bool close = false;
  if (pill(ctx, "Keep answering", "quiz:cancel-submit", Mark::none, false)) close = true;
  ImGui::SameLine(0, 10);
  if (pill(ctx, "Submit anyway", "quiz:confirm-submit", Mark::none, true)) {
    ctx.actions.quiz = QuizRequest{QuizRequest::Op::submit, quiz_id, 0, 0};
    close = true;
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) close = true;
  if (close) ImGui::CloseCurrentPopup();
  ImGui::PopTextWrapPos();
  ImGui::EndPopup();
}

void draw_answering(const ViewContext& ctx, const course::Attempt& attempt, const std::string& quiz_id,
                    AttemptKind kind) {
  const Palette& p = ctx.palette;
  const auto& questions = attempt.questions();
  for (std::size_t q = 0; q < questions.size(); ++q) {
    const course::PresentedQuestion& question = questions[q];
    ImGui::Dummy(ImVec2(0, q == 0 ? 18 : 34));
    question_header(ctx, q, questions.size(), question.kind, question.prompt, "prompt:" + question.id);
    const bool multiple = question.kind == course::QuestionKind::multiple;
    for (std::size_t o = 0; o < question.options.size(); ++o) {
      if (o > 0) ImGui::Dummy(ImVec2(0, 8));
      const auto& option = question.options[o];
      if (option_row(ctx, option.text, multiple, attempt.picked(q, o), Verdict::none, "",
                     "option:" + question.id + ":" + option.id))
        ctx.actions.quiz = QuizRequest{QuizRequest::Op::toggle, quiz_id, q, o};
      // For the browser tests: which options are picked, over the option's own rectangle.
      if (attempt.picked(q, o)) record_item("picked", "picked:" + question.id + ":" + option.id);
    }
  }
  ImGui::Dummy(ImVec2(0, 30));
  rule(ctx);
  ImGui::Dummy(ImVec2(0, 16));
  const std::size_t answered = attempt.answered_count();
  const std::size_t total = questions.size();
  std::string status = std::to_string(answered) + " of " + std::to_string(total) + " answered.";
  if (answered < total) status += " Unanswered questions score nothing.";
  if (kind == AttemptKind::module_test) status += " Answers are shown after you submit.";
  wrapped(ctx.fonts.body, p.text_dim, status);
  record_item(status, "quiz:answered");
  ImGui::Dummy(ImVec2(0, 12));
  if (pill(ctx, "Submit answers", "quiz:submit", Mark::none, /*selected=*/true)) {
    if (answered < total)
      ImGui::OpenPopup(kConfirmPopup);
    else
      ctx.actions.quiz = QuizRequest{QuizRequest::Op::submit, quiz_id, 0, 0};
  }
  draw_submit_confirmation(ctx, quiz_id, total - answered, total, kind);
}

void draw_result(const ViewContext& ctx, const course::AttemptResult& r, const std::string& quiz_id,
                 AttemptKind kind) {
  const Palette& p = ctx.palette;
  ImGui::Dummy(ImVec2(0, 16));
  const ImU32 accent = r.passed ? p.done : p.danger;
  const std::string score = "Score: " + format_points(r.earned.value()) + " / " + format_points(r.possible.value()) +
                            " (" + percent(r.fraction()) + ")";
  const std::string verdict = r.passed ? "Passed" : "Not passed";
  const std::string detail = "The pass mark is " + percent(r.pass_mark.value()) + ". " +
                             (r.passed ? "Well done. The review below explains every answer."
                                       : "Read the review below, revisit the lessons it points to, then retake.");
  // A result panel: verdict, score, pass mark.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImDrawListSplitter splitter;
  splitter.Split(dl, 2);
  splitter.SetCurrentChannel(dl, 1);
  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const float width = ImGui::CalcWrapWidthForPos(start, window->DC.TextWrapPos);
  ImGui::Dummy(ImVec2(0, 14));
  ImGui::Indent(20);
  ImGui::PushTextWrapPos(window->DC.TextWrapPos > 0 ? window->DC.TextWrapPos - 20 : 0);
  wrapped(ctx.fonts.h2, accent, verdict);
  record_item(verdict, "quiz:verdict");
  ImGui::Dummy(ImVec2(0, 6));
  wrapped(ctx.fonts.bold, p.text, score);
  record_item(score, "quiz:score");
  ImGui::Dummy(ImVec2(0, 4));
  wrapped(ctx.fonts.body, p.text_dim, detail);
  ImGui::Dummy(ImVec2(0, 14));
  if (pill(ctx, kind == AttemptKind::module_test ? "Retake the test" : "Retake the quiz", "quiz:retake", Mark::none,
           true))
    ctx.actions.quiz = QuizRequest{QuizRequest::Op::retake, quiz_id, 0, 0};
  ImGui::PopTextWrapPos();
  ImGui::Unindent(20);
  ImGui::Dummy(ImVec2(0, 14));
  const float bottom = ImGui::GetCursorScreenPos().y;
  splitter.SetCurrentChannel(dl, 0);
  dl->AddRectFilled(start, ImVec2(start.x + width, bottom), p.surface, 8);
  dl->AddRectFilled(start, ImVec2(start.x + 4, bottom), accent, 8, ImDrawFlags_RoundCornersLeft);
  splitter.Merge(dl);

  for (std::size_t q = 0; q < r.questions.size(); ++q) {
    const course::QuestionReview& question = r.questions[q];
    ImGui::Dummy(ImVec2(0, q == 0 ? 28 : 34));
    question_header(ctx, q, r.questions.size(), question.kind, question.prompt, "prompt:" + question.id);
    const bool multiple = question.kind == course::QuestionKind::multiple;
    for (std::size_t o = 0; o < question.options.size(); ++o) {
      if (o > 0) ImGui::Dummy(ImVec2(0, 8));
      const course::OptionReview& option = question.options[o];
      Verdict v = Verdict::plain;
      if (option.correct) v = option.picked ? Verdict::correct_picked : Verdict::correct_missed;
      else if (option.picked) v = Verdict::wrong_picked;
      option_row(ctx, option.text, multiple, option.picked, v, option.feedback,
                 "review:" + question.id + ":" + option.id);
    }
    ImGui::Dummy(ImVec2(0, 12));
    const std::string mark = question.full_marks()          ? "Correct"
                             : question.earned.units > 0   ? "Partly correct: " + format_points(question.earned.value()) +
                                                               " of 1 point"
                             : question.answered            ? "Incorrect"
                                                            : "Not answered";
    wrapped(ctx.fonts.bold, question.full_marks() ? p.done : (question.earned.units > 0 ? p.warning : p.danger), mark);
    record_item(mark, "result:" + question.id);
    if (!question.explanation.empty()) {
      ImGui::Dummy(ImVec2(0, 4));
      rich_text(ctx, inline_markdown(question.explanation), TextStyle{ctx.fonts.body, p.text_dim, 1.6f, false},
                "explanation:" + question.id);
    }
    if (!question.lesson.empty() && ctx.state.outline && !question.full_marks()) {
      if (const course::OutlineItem* lesson = ctx.state.outline->find_id(question.lesson)) {
        ImGui::Dummy(ImVec2(0, 4));
        if (link(ctx, "Revisit " + kind_label(*lesson) + ": " + lesson->title, "revisit:" + question.id))
          ctx.actions.navigate = item_hash(*lesson);
      }
    }
  }
}

}  // namespace

void draw_best_result(const ViewContext& ctx, const course::OutlineItem& item) {
  auto summary = ctx.state.quiz_summaries.find(item.id);
  if (summary == ctx.state.quiz_summaries.end() || summary->second.attempts == 0) return;
  const int n = summary->second.attempts;
  const std::string best = item_status(ctx.state, item) + " \u00b7 " + std::to_string(n) + (n == 1 ? " attempt" : " attempts");
  ImGui::Dummy(ImVec2(0, 4));
  wrapped(ctx.fonts.bold, summary->second.passed ? ctx.palette.done : ctx.palette.warning, best);
  record_item(best, "quiz:best");
}

void draw_attempt(const ViewContext& ctx, const course::OutlineItem& item, AttemptKind kind) {
  const AppState& s = ctx.state;
  const Palette& p = ctx.palette;
  auto quiz = s.quizzes.find(item.id);
  if (quiz == s.quizzes.end()) {
    callout(ctx, "This quiz could not be loaded", s.content_error.empty() ? item.file : s.content_error, p.danger);
    return;
  }
  auto session = s.quiz_sessions.find(item.id);
  if (session == s.quiz_sessions.end() || !session->second.attempt) {
    wrapped(ctx.fonts.body, p.text_dim, "Opening your saved attempt\u2026");
    return;
  }
  if (!session->second.error.empty()) wrapped(ctx.fonts.body, p.warning, session->second.error);
  const course::Attempt& attempt = *session->second.attempt;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));  // spacing is explicit below
  if (const course::AttemptResult* result = attempt.result())
    draw_result(ctx, *result, item.id, kind);
  else
    draw_answering(ctx, attempt, item.id, kind);
  ImGui::PopStyleVar();
  ImGui::Dummy(ImVec2(0, 10));
}

}  // namespace fl::ui

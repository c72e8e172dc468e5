#include "ui/marks.h"

#include <cmath>

#include "ui/app.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

bool is_scored(const course::OutlineItem& item) {
  return item.kind == course::ItemKind::quiz || item.kind == course::ItemKind::test;
}

}  // namespace

Mark item_mark(const AppState& state, const course::OutlineItem& item) {
  if (item.planned) return Mark::planned;
  if (item.kind == course::ItemKind::lesson) {
    if (state.read_lessons.count(item.id)) return Mark::read;
    if (state.visited_lessons.count(item.id)) return Mark::visited;
  }
  if (is_scored(item)) {
    auto it = state.quiz_summaries.find(item.id);
    const bool submitted = it != state.quiz_summaries.end() && it->second.attempts > 0;
    if (submitted && it->second.passed) return Mark::passed;
    if (state.quizzes_in_progress.count(item.id)) return Mark::in_progress;
    if (submitted) return Mark::attempted;
  }
  if (item.kind == course::ItemKind::lab) {
    auto it = state.lab_records.find(item.id);
    if (it != state.lab_records.end() && it->second.attempts > 0)
      return it->second.passed ? Mark::passed : Mark::attempted;
  }
  return Mark::not_started;
}

const char* mark_text(Mark mark) {
  switch (mark) {
    case Mark::planned: return "Planned \u2014 not written yet";
    case Mark::not_started: return "Not started";
    case Mark::visited: return "Visited";
    case Mark::read: return "Read";
    case Mark::in_progress: return "In progress";
    case Mark::attempted: return "Not passed yet";
    case Mark::passed: return "Passed";
    case Mark::none: break;
  }
  return "";
}

const char* mark_meaning(Mark mark) {
  switch (mark) {
    case Mark::planned: return "in the outline, not written yet";
    case Mark::not_started: return "not opened yet";
    case Mark::visited: return "lesson opened, not read to the end";
    case Mark::read: return "lesson read to its end";
    case Mark::in_progress: return "quiz answers given, not submitted";
    case Mark::attempted: return "quiz or lab submitted, not passed yet";
    case Mark::passed: return "quiz, lab or module test passed";
    case Mark::none: break;
  }
  return "";
}

std::string item_status(const AppState& state, const course::OutlineItem& item) {
  const Mark mark = item_mark(state, item);
  if (is_scored(item)) {
    auto it = state.quiz_summaries.find(item.id);
    if (it != state.quiz_summaries.end() && it->second.attempts > 0) {
      const int percent = static_cast<int>(std::floor(it->second.best_fraction() * 100 + 1e-9));
      const char* verdict = it->second.passed ? "Passed" : mark == Mark::in_progress ? "Retaking" : "Not passed yet";
      return std::string(verdict) + " \u00b7 best " + std::to_string(percent) + "%";
    }
  }
  if (item.kind == course::ItemKind::lab) {
    auto it = state.lab_records.find(item.id);
    if (it != state.lab_records.end() && it->second.attempts > 0) {
      const LabRecord& r = it->second;
      return std::string(r.passed ? "Passed" : "Not passed yet") + " \u00b7 best " + format_points(r.best_score) +
             " of " + format_points(r.max_score) + " \u00b7 " + std::to_string(r.attempts) +
             (r.attempts == 1 ? " submission" : " submissions");
    }
  }
  return mark_text(mark);
}

ProgressSummary progress_summary(const AppState& state) {
  ProgressSummary s;
  if (!state.outline) return s;
  for (const auto& item : state.outline->items) {
    ++s.items;
    if (item.planned) ++s.planned;
    const Mark mark = item_mark(state, item);
    switch (item.kind) {
      case course::ItemKind::lesson:
        if (item.planned) break;
        ++s.lessons;
        if (mark == Mark::visited || mark == Mark::read) ++s.lessons_visited;
        if (mark == Mark::read) ++s.lessons_read;
        break;
      case course::ItemKind::quiz:
        if (item.planned) break;
        ++s.quizzes;
        if (mark == Mark::passed) ++s.quizzes_passed;
        if (state.quiz_summaries.count(item.id) && state.quiz_summaries.at(item.id).attempts > 0) ++s.quizzes_attempted;
        break;
      case course::ItemKind::test:
        s.has_test = !item.planned;
        s.test = mark;
        s.test_status = item_status(state, item);
        break;
      case course::ItemKind::lab:
        if (item.planned) break;
        ++s.labs;
        if (mark == Mark::passed) ++s.labs_passed;
        if (mark == Mark::passed || mark == Mark::attempted) ++s.labs_submitted;
        break;
    }
    if (!item.planned) {
      ++s.counted;
      if (is_complete(mark)) ++s.complete;
    }
  }
  return s;
}

}  // namespace fl::ui

#pragma once
// Progress marks of outline items, as the navigation bar, item headers and the progress page
// show them, and the progress page's overall measure. Pure functions of the app state (no
// ImGui drawing): unit-tested in tests/unit/ui/marks_test.cpp.
#include <string>

#include "course/outline.h"

namespace fl::ui {

struct AppState;

// What a learner has done with an item. Lessons: visited (opened) -> read (its end reached).
// Quizzes and the module test: in progress (answers given, not submitted) -> attempted (a
// submitted attempt, none passed: amber) -> passed. A pass stays a pass during a retake.
// Labs: attempted (submitted, never passed) -> passed (one submission passed every check).
enum class Mark { none, planned, not_started, visited, read, in_progress, attempted, passed };

Mark item_mark(const AppState& state, const course::OutlineItem& item);
// "Visited", "Read", "In progress", ...: the mark in words (legend and tooltips).
const char* mark_text(Mark mark);
// What the mark means, for the progress page's legend.
const char* mark_meaning(Mark mark);
// The item's status in words: mark_text, or for submitted quizzes "Passed · best 88%", for
// submitted labs "Passed · best 13 of 13 · 2 submissions".
std::string item_status(const AppState& state, const course::OutlineItem& item);
// A mark that asks for attention (attempted, not passed): drawn in the warning colour.
inline bool needs_attention(Mark mark) { return mark == Mark::attempted; }
// A mark of completion: lesson read, quiz or test passed.
inline bool is_complete(Mark mark) { return mark == Mark::read || mark == Mark::passed; }

// The progress page's summary: every written item counts, complete when read or passed.
struct ProgressSummary {
  int lessons = 0, lessons_visited = 0, lessons_read = 0;  // written lessons
  int quizzes = 0, quizzes_passed = 0, quizzes_attempted = 0;  // written quizzes
  int labs = 0, labs_passed = 0, labs_submitted = 0;           // written labs
  bool has_test = false;  // the module test is written
  Mark test = Mark::none;
  std::string test_status;  // "Passed · best 80%", "Not started"
  int planned = 0, items = 0;
  int counted = 0, complete = 0;  // written lessons, quizzes, labs and the test; complete of them
  int percent() const { return counted ? complete * 100 / counted : 0; }
};
ProgressSummary progress_summary(const AppState& state);

}  // namespace fl::ui

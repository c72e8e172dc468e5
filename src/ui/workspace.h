#pragma once
// The lab workspace's state (#/lab/N and #/playground): one per document ("lab:<item id>" or
// "playground"), held by App and read by the workspace views, and what those views ask for.
// The run itself is ui/lab_session.h; the console's lines ui/lab_console.h.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "store/submissions.h"
#include "ui/lab_console.h"
#include "ui/lab_session.h"
#include "ui/timeline_model.h"

namespace fl::ui {

enum class WorkspaceTab { timeline, checks, console, metrics };
inline const char* to_string(WorkspaceTab tab) {
  switch (tab) {
    case WorkspaceTab::timeline: return "timeline";
    case WorkspaceTab::checks: return "checks";
    case WorkspaceTab::console: return "console";
    case WorkspaceTab::metrics: return "metrics";
  }
  return "";
}

// The workspace's splits, as fractions, kept in the store's settings.
struct WorkspaceLayout {
  float brief_width = 0.40f;   // of the upper area's width (brief | editor)
  float upper_height = 0.56f;  // of the workspace's height (brief and editor | tabs)
  bool brief_open = true;
};

struct Workspace {
  std::string doc_id;   // "lab:<item id>" or "playground" (the editor's document)
  std::string item_id;  // outline item id; "" for the playground
  std::string dir;      // "labs/02-rate-limits" (bundle-relative, as the CLI names it)
  std::string error;    // why the lab cannot run (load errors)
  std::unique_ptr<LabSession> session;  // null when the lab did not load
  std::uint64_t seed = 0;               // the seed Run uses (the lab's first until picked)
  WorkspaceTab tab = WorkspaceTab::checks;
  std::map<std::string, int> hints_shown;  // check id -> hints revealed (nudge first)
  bool confirm_reset = false;              // "Reset to starter" pressed once: ask first
  LogLevel console_level = LogLevel::debug;  // the console shows this level and above
  ConsoleModel console;                    // of the shown run
  // The shown run's timeline: rebuilt when another journal is shown, and a few times a second
  // while the journal grows (App::step_workspaces).
  TimelineModel timeline;
  const sim::Journal* timeline_source = nullptr;
  std::size_t timeline_events = 0;
  double timeline_built_at = 0;  // steady clock seconds
  double timeline_build_cost = 0;  // seconds the last build took
  // The checks' evidence on the timeline: a new generation highlights and scrolls there.
  std::uint64_t focus_generation = 0;
  std::vector<sim::EventId> focus_events;
  std::uint64_t focus_seed = 0;
  std::vector<sim::EventId> timeline_selection;  // what the timeline reported last frame
};

// A lab's submissions as the marks and pages show them.
struct LabRecord {
  int attempts = 0;
  bool passed = false;
  double best_score = 0, max_score = 0;
};

struct WorkspaceRequest {
  enum class Op {
    run, submit, stop,
    pick_seed,          // seed
    show_tab,           // tab
    show_evidence,      // check (its failed seed's run, its evidence on the timeline)
    reveal_hint,        // check
    ask_reset, cancel_reset, confirm_reset,
    console_level,      // level
    download_code, download_results, download_lab_file,  // file (a learner file's name)
    toggle_brief,
  } op = Op::run;
  std::string doc_id;
  std::uint64_t seed = 0;
  WorkspaceTab tab = WorkspaceTab::checks;
  std::string check, file;
  LogLevel level = LogLevel::debug;
};

}  // namespace fl::ui

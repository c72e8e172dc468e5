#pragma once
// The code editor's part of the app state and of a frame's requests (ui/code_editor.h draws
// it). Documents are named "lab:<item id>" or "playground".
#include <imgui.h>

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace fl::ui {

// The error of the last run, shown on its line. Line 0 = no marker.
struct EditorMarker {
  int line = 0;
  std::string message;
};

struct EditorState {
  bool native = false;  // the platform has its own editor (the web's CodeMirror); else an ImGui box
  std::map<std::string, std::string> drafts;  // doc id -> text; a missing draft means the starter code
  std::string run_requested;  // the doc whose Ctrl/Cmd+Enter was pressed (cleared after the next frame)
  // doc id, line: where the desktop box moves its cursor (kept until it has: focusing it takes a frame)
  std::optional<std::pair<std::string, int>> goto_line;
};

// The editor's look, from the palette and the learner's text size: colours as "#rrggbb".
struct EditorLook {
  bool dark = true;
  std::string background, text, dim, selection, gutter, active_line, cursor, border, danger;
  std::string keyword, string, number, comment, name, builtin;
  float font_px = 14;
};

// Where the platform's editor goes this frame (recorded by code_editor() on the web).
struct EditorRequest {
  std::string doc_id;
  ImVec2 min, max;            // the reserved rectangle (CSS px of the page)
  ImVec2 clip_min, clip_max;  // its visible part
  bool read_only = false;     // this tab does not write (the banner says why)
  EditorMarker marker;
  EditorLook look;
};

}  // namespace fl::ui

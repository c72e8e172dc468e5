#pragma once
// The code editor of the lab workspace and the playground. On the web it reserves a rectangle
// and asks for the platform's CodeMirror editor over it (App hands the request to the
// platform after the frame: see ui/editor_state.h); on the desktop it draws an ImGui
// multiline text box with the same actions: Ctrl+Enter asks for a run, the text is the draft.
#include <string>

#include "ui/editor_state.h"
#include "ui/views.h"

namespace fl::ui {

// Reserves `size` at the cursor for document `doc_id` ("lab:<item id>" or "playground").
// The editor shows only in frames that call this (another route, a popup or a modal: hidden).
void code_editor(const ViewContext& ctx, const std::string& doc_id, ImVec2 size, const EditorMarker& marker);

// The editor's colours and font size for the app's palette and text size.
EditorLook editor_look(const Palette& palette, const Fonts& fonts, bool dark);

}  // namespace fl::ui

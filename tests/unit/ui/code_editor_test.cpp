// The desktop's code editor (an ImGui multiline box) driven frame by frame in a headless ImGui
// context: typing edits the draft, a goto moves the cursor, Ctrl+Enter asks for a run,
// Escape lets go without losing the typing; the web's path records the platform request.
#include "ui/code_editor.h"

#include <catch2/catch.hpp>
#include <imgui.h>

using namespace fl;

namespace {

constexpr int kEnter = 13, kEscape = 27;

// A headless ImGui with the default font; one frame draws one code editor in a window.
struct EditorHarness {
  ImGuiContext* imgui = ImGui::CreateContext();
  ui::AppState state;
  ui::Actions actions;

  EditorHarness() {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
    state.storage_ready = true;
    state.playground_starter = "a = 1\nb = 2\n";
  }
  ~EditorHarness() { ImGui::DestroyContext(imgui); }

  // Draws a frame and applies its editor actions as App does.
  void frame(const ui::EditorMarker& marker = {}) {
    actions = ui::Actions();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("page");
    ui::ViewContext ctx{state, actions, ui::palette(ui::Theme::dark), state.fonts};
    ui::code_editor(ctx, "playground", ImVec2(600, 300), marker);
    ImGui::End();
    ImGui::Render();
    if (actions.editor_edit) state.editor.drafts[actions.editor_edit->first] = actions.editor_edit->second;
    if (actions.editor_goto_done) state.editor.goto_line.reset();
  }
  void press(int key, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeysDown[key] = true;
    frame();
    io.KeysDown[key] = false;
    io.KeyCtrl = false;
  }
  const std::string& text() const { return ui::draft_or_starter(state, "playground"); }
};

}  // namespace

TEST_CASE("the desktop editor edits the draft, moves to a line, runs on Ctrl+Enter, keeps typing on Escape") {
  EditorHarness h;
  h.frame();
  CHECK_FALSE(h.actions.editor);  // no platform editor here: nothing for the platform to place
  CHECK(h.text() == "a = 1\nb = 2\n");

  // A goto (the console's error line) focuses the box and puts the cursor at the line's start.
  h.state.editor.goto_line = std::make_pair(std::string("playground"), 2);
  h.frame();
  h.frame();
  CHECK_FALSE(h.state.editor.goto_line);  // done
  ImGui::GetIO().AddInputCharactersUTF8("-- é\n");
  h.frame();
  CHECK(h.text() == "a = 1\n-- é\nb = 2\n");
  CHECK(h.state.editor.drafts.count("playground") == 1);

  // Ctrl+Enter asks for a run and types nothing; the box keeps the keyboard.
  h.press(kEnter, /*ctrl=*/true);
  REQUIRE(h.actions.editor_run);
  CHECK(*h.actions.editor_run == "playground");
  CHECK(h.text() == "a = 1\n-- é\nb = 2\n");
  h.frame();  // the box asks for the keyboard back; ImGui 1.86 gives it in the frame after
  h.frame();
  ImGui::GetIO().AddInputCharactersUTF8("x");
  h.frame();
  CHECK(h.text() == "a = 1\n-- é\nxb = 2\n");

  // Escape lets go; ImGui would put back the text from when the box was focused, but the
  // draft keeps what was typed.
  h.press(kEscape);
  CHECK_FALSE(h.actions.editor_edit);
  h.frame();
  CHECK(h.text() == "a = 1\n-- é\nxb = 2\n");
  ImGui::GetIO().AddInputCharactersUTF8("y");
  h.frame();
  CHECK(h.text() == "a = 1\n-- é\nxb = 2\n");  // not focused any more: nothing typed
}

TEST_CASE("the desktop editor is read-only in a tab that does not write") {
  EditorHarness h;
  h.state.save.writer = false;
  h.state.editor.goto_line = std::make_pair(std::string("playground"), 1);
  h.frame();
  h.frame();
  ImGui::GetIO().AddInputCharactersUTF8("zz");
  h.frame();
  CHECK_FALSE(h.actions.editor_edit);
  CHECK(h.text() == "a = 1\nb = 2\n");
}

TEST_CASE("with a platform editor the view asks for it over the reserved rectangle") {
  EditorHarness h;
  h.state.editor.native = true;
  h.frame(ui::EditorMarker{2, "attempt to call a nil value"});
  REQUIRE(h.actions.editor);
  const ui::EditorRequest& r = *h.actions.editor;
  CHECK(r.doc_id == "playground");
  CHECK(r.max.x - r.min.x == 600);
  CHECK(r.max.y - r.min.y == 300);
  CHECK(r.clip_min.y >= r.min.y);
  CHECK(r.marker.line == 2);
  CHECK_FALSE(r.read_only);
  CHECK(r.look.background.size() == 7);
  CHECK(r.look.font_px == 14);
  // A popup in front: no request, so the platform hides the editor.
  h.actions = ui::Actions();
  ImGui::NewFrame();
  ImGui::Begin("page");
  ImGui::OpenPopup("menu");
  ui::ViewContext ctx{h.state, h.actions, ui::palette(ui::Theme::dark), h.state.fonts};
  ui::code_editor(ctx, "playground", ImVec2(600, 300), {});
  if (ImGui::BeginPopup("menu")) ImGui::EndPopup();
  ImGui::End();
  ImGui::Render();
  CHECK_FALSE(h.actions.editor);
}

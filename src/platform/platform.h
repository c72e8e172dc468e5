#pragma once
// The platform layer: window or canvas, GL context, input, the frame loop, a persistent
// folder, URL routes and small host services (title, clipboard, links, files, test fields).
// One implementation per platform, chosen by CMake:
//   platform_web.cpp   the browser, on Emscripten's html5.h (WebGL2, IDBFS, location.hash,
//                      Web Locks and BroadcastChannel for one writer per browser)
//   platform_glfw.cpp  the desktop, on GLFW + OpenGL 3 (the XDG data folder)
// Like an ImGui backend: a short list of free functions over one hidden state. It only hosts:
// it knows neither the UI nor the progress store (src/app/ wires them to it).
#include <functional>
#include <string>

namespace fl::platform {

struct Options {
  std::string initial_route;  // desktop: --route; the web reads location.hash
  int max_frames = 0;         // desktop: quit after this many frames (smoke tests); 0 = run
};

// Creates the window (desktop) or WebGL2 context (web) and the ImGui context and renderer.
// On failure returns false with *error set (the caller shows it with show_message).
bool init(const Options& options, std::string* error);
const char* name();  // "web" or "desktop"

// The folder holding content/, labs/ (learner files only), fonts/ and licenses/.
std::string bundle_dir();

// ---- The persistent folder and its single writer ------------------------------------------
struct Folder {
  std::string path;         // where the app keeps its files; "" when nothing persists
  bool persistent = false;  // files in `path` survive a reload
  bool writer = true;       // this tab may write (web: it holds the write lock; desktop: always)
  bool reloaded = true;     // the files changed under the app (reopen them); false: only `writer` did
  std::string problem;      // why nothing persists, for the UI
};
// Prepares the folder (web: mounts IDBFS, takes or waits for the write lock, loads the files
// from IndexedDB) and calls `changed` when it is ready, then again whenever its files or this
// tab's right to write change: another tab committed (files reloaded), this tab took over or
// the writing tab closed (reloaded first, then writer), or another tab took over (writer off).
// Calls come from the frame loop's thread, between frames.
void open_folder(std::function<void(const Folder&)> changed);
// After a commit: write the folder to persistent storage soon (web: a debounced FS.syncfs to
// IndexedDB, then a BroadcastChannel message so other tabs reload; desktop: nothing to do).
void flush();
// Web: asks the tab that writes to hand over (it flushes and turns read-only), then takes
// the write lock and reloads the folder; `changed` reports the result. Desktop: nothing.
void take_over();

struct SaveStatus {
  bool persistent = false;
  bool saved = true;  // every flush has reached persistent storage
  int syncs_in_flight = 0;
};
SaveStatus save_status();

// ---- Routes ---------------------------------------------------------------------------------
// The URL hash on the web (back/forward, deep links), a history list on the desktop.
std::string current_route();
void navigate(const std::string& route, bool replace);
// True once per route change since the last call (any cause), with the new route.
bool poll_route(std::string* route);

// ---- Host services --------------------------------------------------------------------------
// The document title (web) or window title (desktop).
void set_title(const std::string& title);

// Opens an http(s) or mailto link outside the app (web: a new tab; desktop: the default
// browser through xdg-open). Other schemes are ignored.
void open_url(const std::string& url);
inline bool openable_url(const std::string& url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0 || url.rfind("mailto:", 0) == 0;
}

// Offers `contents` as a file to save (web: a download named `file_name`; desktop: written
// to the user's Downloads folder, or the data folder). Returns where it went, or "" with
// *error set.
std::string save_file(const std::string& file_name, const std::string& mime_type, const std::string& contents,
                      std::string* error);
// Downloads `file`, a file served beside the app (web: a plain link to it in dist/, such as the
// command line for Node, faultline.js). The desktop has no such files and ignores it.
void download(const std::string& file);
// Lets the learner choose a file to read (web: the browser's file picker, which must follow a
// click within a few seconds; desktop: the path in $FAULTLINE_IMPORT_FILE, if set). `done`
// runs later from the frame loop's thread with the file's name and contents, or not at all
// when the learner cancels.
void pick_file(const std::string& accept, std::function<void(const std::string& name, const std::string& contents)> done);

enum class Message { info, warning, error };
// A plain-text message outside the canvas (web: the page's message area; desktop: stderr).
void show_message(Message kind, const std::string& text);

// A named moment of start-up (web: performance.mark(name) and window.faultlineTest.timings).
void mark(const std::string& name);

// A field of the test hook: window.faultlineTest.<name> on the web returns JSON.parse(json()),
// read when a test asks; the desktop prints every field after its last frame (--frames).
void add_test_field(const std::string& name, std::function<std::string()> json);

// ---- Code editor ----------------------------------------------------------------------------
// Web: a CodeMirror editor (web/editor/, dist/editor.js) in a DOM element over the canvas,
// placed each frame over a rectangle the UI reserves; a frame that passes without
// editor_place hides it. Keys typed in it never reach the canvas (and so ImGui). The desktop
// has none: the UI draws its own text box. Documents are ids with texts; each keeps its undo
// history. Sizes and positions are CSS pixels of the page.
bool has_native_editor();

struct EditorRect {
  float x = 0, y = 0, w = 0, h = 0;
};
// Shows the editor over `box` this frame; `visible` is the part of it not scrolled away.
void editor_place(const EditorRect& box, const EditorRect& visible);
// The document shown: another id switches to it (its undo history kept); a text that differs
// from the editor's replaces it (a reset, another tab's draft): one undoable change once the
// learner has typed in it, else a fresh document.
void editor_set_document(const std::string& doc_id, const std::string& text, bool read_only);

struct EditorTheme {
  bool dark = true;
  // Colours as "#rrggbb": background, text, dimmed text (line numbers), selection, gutter,
  // active line, cursor (and focus ring), border, danger (the error marker), and the code
  // colours keyword, string, number, comment, name, builtin.
  std::string background, text, dim, selection, gutter, active_line, cursor, border, danger;
  std::string keyword, string, number, comment, name, builtin;
  float font_px = 14;  // the code font's em size
  bool operator==(const EditorTheme&) const = default;
};
void editor_set_theme(const EditorTheme& theme);
// The error of the last run: line (1-based; 0 = none), shown as a tinted line, a gutter mark
// and the message on hover.
void editor_set_marker(int line, const std::string& message);
void editor_goto(int line);  // moves the cursor to the line's start, scrolls there, focuses
void editor_focus();

// What the learner did in the editor since the last call. Escape is handled by the platform
// (focus goes back to the canvas).
struct EditorEvents {
  std::string changed_doc;  // not empty: this document was edited; `text` is its text now
  std::string text;
  std::string run_doc;  // Ctrl/Cmd+Enter was pressed in this document
};
EditorEvents editor_take_events();

// ---- The frame loop -------------------------------------------------------------------------
struct Hooks {
  std::function<void(float scale)> build_fonts;  // fill io.Fonts at `scale` device px per CSS px
  std::function<void()> before_frame;            // before ImGui::NewFrame
  // Between ImGui::NewFrame and ImGui::Render. Returns true when it needs another frame even
  // without input (work running, an animation); false lets the loop go idle.
  std::function<bool()> frame;
  std::function<void()> after_frame;  // after the frame was rendered
  // The page is being hidden or closed (web: visibilitychange to hidden, pagehide; desktop:
  // the window closes): store what waits now. Its commits are flushed right after.
  std::function<void()> hiding;
};
// The app's fonts changed (the learner's text size): hooks.build_fonts runs again before the
// next frame and the atlas is re-uploaded, as after a pixel-ratio change.
void invalidate_fonts();

// Runs the frame loop. Web: schedules requestAnimationFrame and returns at once; when idle it
// requests no frames until input, a page event (route, storage, another tab) or a timer wakes
// it. Desktop: returns when the window closes. Fonts are built before the first frame and
// again whenever the pixel scale changes (browser zoom, moving to another screen).
void run(Hooks hooks);
// Draw a few frames soon (after a callback changed what is shown).
void wake();

}  // namespace fl::platform

#pragma once
// The platform layer: window or canvas, GL context, input, the frame loop, persistent storage,
// URL routes and messages to the page. One implementation per platform, chosen by CMake:
//   platform_web.cpp   the browser, on Emscripten's html5.h (WebGL2, IDBFS, location.hash)
//   platform_glfw.cpp  the desktop, on GLFW + OpenGL 3 (a SQLite file in the XDG data folder)
// Like an ImGui backend: a short list of free functions over one hidden state. Everything
// above this layer (src/app glue, src/ui views) is the same on every platform.
#include <functional>
#include <memory>
#include <string>

namespace fl::store {
class Database;
}

namespace fl::platform {

struct Options {
  std::string initial_route;  // desktop: --route; the web reads location.hash
  std::string db_path;        // desktop: --db; empty = the XDG data folder
  int max_frames = 0;         // desktop: quit after this many frames (smoke tests); 0 = run
};

// Creates the window (desktop) or WebGL2 context (web), the ImGui context and its renderer.
// On failure returns false with *error set (the caller shows it with show_message).
bool init(const Options& options, std::string* error);
const char* name();  // "web" or "desktop"

// The folder holding content/, labs/ (learner files only), fonts/ and licenses/.
std::string bundle_dir();

struct Storage {
  std::unique_ptr<store::Database> db;  // never null: in memory when nothing persistent works
  bool persistent = false;
  std::string problem;  // why progress will not be kept, for the UI and the page
};
// Opens the progress database, once persistent storage is ready (web: after IDBFS's first
// FS.syncfs(true)); `done` may run later, from the frame loop's thread. Each commit then
// schedules a flush (web: debounced FS.syncfs(false)).
void open_storage(std::function<void(Storage)> done);

struct SaveStatus {
  bool persistent = false;
  bool saved = true;  // every commit has reached persistent storage
  int syncs_in_flight = 0;
};
SaveStatus save_status();

// Routes: the URL hash on the web (back/forward, deep links), a history list on the desktop.
std::string current_route();
void navigate(const std::string& route, bool replace);
// True once per route change since the last call (any cause), with the new route.
bool poll_route(std::string* route);

// Opens an http(s) or mailto link outside the app (web: a new tab; desktop: the default
// browser through xdg-open). Other schemes are ignored.
void open_url(const std::string& url);
inline bool openable_url(const std::string& url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0 || url.rfind("mailto:", 0) == 0;
}

enum class Message { info, warning, error };
// A plain-text message outside the canvas (web: the page's message area; desktop: stderr).
void show_message(Message kind, const std::string& text);

// Browser test hook (window.faultlineTest): ready and route. Widgets, save status and timings
// are published by the platform itself.
void publish_state(bool ready, const std::string& route);

struct Hooks {
  std::function<void(float scale)> build_fonts;  // fill io.Fonts at `scale` device px per CSS px
  std::function<void()> frame;                   // between ImGui::NewFrame and ImGui::Render
  std::function<void()> after_frame;             // after the frame was rendered
};
// The page's (web: document.title) or window's title.
void set_title(const std::string& title);

// The app's fonts changed (the learner's text size): hooks.build_fonts runs again before the
// next frame and the atlas is re-uploaded, as after a pixel-ratio change.
void invalidate_fonts();

// Runs the frame loop. Web: starts requestAnimationFrame and returns at once. Desktop: returns
// when the window closes. Fonts are built before the first frame and again whenever the pixel
// scale changes (browser zoom, moving to another screen).
void run(Hooks hooks);

}  // namespace fl::platform

// The desktop platform: GLFW + OpenGL 3 with ImGui's GLFW and OpenGL3 backends. The persistent
// folder is the XDG data folder (one process writes it); routes live in an in-memory history
// (mouse back/forward buttons and Alt+Left/Right move through it, as in a browser).
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <spawn.h>
#include <unistd.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "platform/platform.h"

namespace fl::platform {

namespace {

struct State {
  GLFWwindow* window = nullptr;
  Options options;
  std::vector<std::string> history;
  std::size_t position = 0;
  bool route_changed = false;
  float font_scale = 0;
  bool activity = true;  // an input event since the last frame
  std::vector<std::pair<std::string, std::function<std::string()>>> test_fields;
  std::function<void()> picked;  // pick_file's result, delivered before the next frame
};

State& state() {
  static State s;
  return s;
}

void on_glfw_error(int code, const char* message) {
  std::fprintf(stderr, "faultline-desktop: GLFW error %d: %s\n", code, message);
}

void go(int delta) {
  State& s = state();
  if (s.history.empty()) return;
  const long target = static_cast<long>(s.position) + delta;
  if (target < 0 || target >= static_cast<long>(s.history.size())) return;
  s.position = static_cast<std::size_t>(target);
  s.route_changed = true;
}

// Installed before ImGui's backend, which chains to them. Any event also ends idling.
void on_mouse_button(GLFWwindow*, int button, int action, int) {
  state().activity = true;
  if (action != GLFW_PRESS) return;
  if (button == GLFW_MOUSE_BUTTON_4) go(-1);
  if (button == GLFW_MOUSE_BUTTON_5) go(+1);
}

void on_key(GLFWwindow*, int key, int, int action, int mods) {
  state().activity = true;
  if (action != GLFW_PRESS || !(mods & GLFW_MOD_ALT)) return;
  if (key == GLFW_KEY_LEFT) go(-1);
  if (key == GLFW_KEY_RIGHT) go(+1);
}

void on_scroll(GLFWwindow*, double, double) { state().activity = true; }
void on_char(GLFWwindow*, unsigned int) { state().activity = true; }
void on_cursor(GLFWwindow*, double, double) { state().activity = true; }
void on_resize(GLFWwindow*, int, int) { state().activity = true; }

std::string data_dir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/faultline";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/faultline";
  return "faultline-data";
}

// Pixel scale: framebuffer pixels per window unit (2 on a Retina-style display).
float pixel_scale(GLFWwindow* window) {
  int ww = 0, wh = 0, fw = 0, fh = 0;
  glfwGetWindowSize(window, &ww, &wh);
  glfwGetFramebufferSize(window, &fw, &fh);
  return ww > 0 && fw > 0 ? static_cast<float>(fw) / static_cast<float>(ww) : 1.0f;
}

}  // namespace

bool init(const Options& options, std::string* error) {
  State& s = state();
  s.options = options;
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    if (error) *error = "cannot initialise GLFW (is a display available?)";
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  s.window = glfwCreateWindow(1280, 800, "Faultline", nullptr, nullptr);
  if (!s.window) {
    if (error) *error = "cannot create a window with OpenGL 3.2";
    glfwTerminate();
    return false;
  }
  glfwMakeContextCurrent(s.window);
  glfwSwapInterval(1);
  glfwSetMouseButtonCallback(s.window, on_mouse_button);
  glfwSetKeyCallback(s.window, on_key);
  glfwSetScrollCallback(s.window, on_scroll);
  glfwSetCharCallback(s.window, on_char);
  glfwSetCursorPosCallback(s.window, on_cursor);
  glfwSetFramebufferSizeCallback(s.window, on_resize);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(s.window, true);
  ImGui_ImplOpenGL3_Init("#version 150");
  if (!options.initial_route.empty()) {
    s.history.push_back(options.initial_route);
    s.route_changed = true;
  }
  return true;
}

const char* name() { return "desktop"; }

std::string bundle_dir() {
  if (const char* dir = std::getenv("FAULTLINE_BUNDLE_DIR"); dir && *dir) return dir;
  return FL_DESKTOP_BUNDLE_DIR;
}

void open_folder(std::function<void(const Folder&)> changed) {
  Folder folder;
  std::error_code ec;
  std::filesystem::create_directories(data_dir(), ec);
  if (ec) {
    folder.problem = "cannot create the data folder " + data_dir() + " (" + ec.message() + "): progress will not be kept.";
    show_message(Message::warning, folder.problem);
  } else {
    folder.path = data_dir();
    folder.persistent = true;
  }
  changed(folder);
}

void flush() {}  // files are on disk when written

void take_over() {}  // one process, one writer

SaveStatus save_status() { return SaveStatus{true, true, 0}; }

std::string current_route() {
  const State& s = state();
  return s.history.empty() ? std::string() : s.history[s.position];
}

void open_url(const std::string& url) {
  if (!openable_url(url)) return;
  // posix_spawnp, not system(): the URL is passed as one argument, never parsed by a shell.
  char* argv[] = {const_cast<char*>("xdg-open"), const_cast<char*>(url.c_str()), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, argv, environ) == 0) waitpid(pid, nullptr, WNOHANG);
}

void navigate(const std::string& route, bool replace) {
  State& s = state();
  if (replace && !s.history.empty()) {
    s.history[s.position] = route;
  } else {
    if (!s.history.empty()) s.history.resize(s.position + 1);
    s.history.push_back(route);
    s.position = s.history.size() - 1;
  }
  s.route_changed = true;
}

bool poll_route(std::string* route) {
  State& s = state();
  if (!s.route_changed) return false;
  s.route_changed = false;
  *route = current_route();
  return true;
}

void set_title(const std::string& title) { glfwSetWindowTitle(state().window, title.c_str()); }

// The XDG download folder when it exists (xdg-user-dirs' default name), else the data folder.
std::string save_file(const std::string& file_name, const std::string&, const std::string& contents,
                      std::string* error) {
  std::string dir = data_dir();
  if (const char* home = std::getenv("HOME"); home && *home && std::filesystem::is_directory(std::string(home) + "/Downloads"))
    dir = std::string(home) + "/Downloads";
  if (const char* xdg = std::getenv("XDG_DOWNLOAD_DIR"); xdg && *xdg && std::filesystem::is_directory(xdg)) dir = xdg;
  const std::string path = dir + "/" + file_name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  if (!out.flush()) {
    if (error) *error = "cannot write " + path;
    return "";
  }
  return path;
}

// No file dialog without a toolkit: the desktop reads the file named by $FAULTLINE_IMPORT_FILE.
void pick_file(const std::string&, std::function<void(const std::string&, const std::string&)> done) {
  const char* path = std::getenv("FAULTLINE_IMPORT_FILE");
  if (!path || !*path) {
    show_message(Message::info, "set FAULTLINE_IMPORT_FILE to the file to import, then choose Import again");
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    show_message(Message::warning, std::string("cannot read ") + path);
    return;
  }
  const std::string contents = text.str();
  const std::string name = std::filesystem::path(path).filename().string();
  state().picked = [done = std::move(done), name, contents] { done(name, contents); };
}

void mark(const std::string&) {}

void add_test_field(const std::string& name, std::function<std::string()> json) {
  state().test_fields.emplace_back(name, std::move(json));
}

void wake() {
  state().activity = true;
  glfwPostEmptyEvent();
}

void show_message(Message kind, const std::string& text) {
  std::fprintf(stderr, "faultline-desktop: %s%s\n", kind == Message::error ? "error: " : "", text.c_str());
}

void invalidate_fonts() { state().font_scale = 0; }

// No DOM here: the UI draws its own text box (ui/code_editor.cpp).
bool has_native_editor() { return false; }
void editor_place(const EditorRect&, const EditorRect&) {}
void editor_set_document(const std::string&, const std::string&, bool) {}
void editor_set_theme(const EditorTheme&) {}
void editor_set_marker(int, const std::string&) {}
void editor_goto(int) {}
void editor_focus() {}
EditorEvents editor_take_events() { return {}; }

void run(Hooks hooks) {
  State& s = state();
  int frames = 0;
  int idle = 0;
  while (!glfwWindowShouldClose(s.window)) {
    // Draw freely while something happens; when idle, wake at least every 50 ms.
    if (s.options.max_frames > 0 || idle < 30 || ImGui::IsAnyItemActive())
      glfwPollEvents();
    else
      glfwWaitEventsTimeout(0.05);
    if (s.activity) idle = 0;
    s.activity = false;

    const float scale = pixel_scale(s.window);
    if (scale != s.font_scale) {
      if (hooks.build_fonts) hooks.build_fonts(scale);
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
      s.font_scale = scale;
    }
    if (s.picked) std::exchange(s.picked, nullptr)();
    if (hooks.before_frame) hooks.before_frame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    const bool busy = hooks.frame && hooks.frame();
    ImGui::Render();
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(s.window, &fw, &fh);
    glViewport(0, 0, fw, fh);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(s.window);
    if (hooks.after_frame) hooks.after_frame();
    idle = busy ? 0 : idle + 1;
    if (s.options.max_frames > 0 && ++frames >= s.options.max_frames) break;
  }
  if (hooks.hiding) hooks.hiding();
  if (s.options.max_frames > 0) {
    std::printf("faultline-desktop: frames=%d", frames);
    for (const auto& [name, json] : s.test_fields) std::printf(" %s=%s", name.c_str(), json().c_str());
    std::printf("\n");
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(s.window);
  glfwTerminate();
}

}  // namespace fl::platform

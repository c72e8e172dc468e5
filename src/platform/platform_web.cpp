// The browser platform, on Emscripten's html5.h (not its GLFW emulation, which captures every
// key on `window`, cancels Backspace and Tab, and ignores devicePixelRatio: see
// docs/web-platform.md).
//
// [SECTION] JavaScript side (page set-up, storage, clipboard, test hook)
// [SECTION] State and input
// [SECTION] Input callbacks
// [SECTION] Frame loop
// [SECTION] platform.h
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <string>

#include "platform/platform.h"
#include "store/database.h"
#include "ui/test_items.h"

// -----------------------------------------------------------------------------------------
// [SECTION] JavaScript side
// EM_JS rather than EM_ASM: EM_ASM splits JavaScript object literals at their commas.
// -----------------------------------------------------------------------------------------

// clang-format off
// Page set-up: listeners, the persistence state machine, window.faultlineTest.
EM_JS(void, fl_js_setup, (), {
  const canvas = document.getElementById("canvas");
  const S = Module.fl = {
    hashGen: 0,     // bumped on every route change, polled by the frame loop
    wakeGen: 0,     // bumped by anything that should trigger frames
    clipboard: "",  // the text ImGui pastes
    pendingCopy: undefined,
    cursor: "",
    ready: false,
    route: "",
    firstFrameMs: null,
    readyMs: null,
    fontScale: 0,
    timings: {init: performance.now()},  // ms since navigation start
    store: {persistent: false, saved: false, dirty: false, inFlight: 0, timer: null, again: false,
            settled: false, problem: "", error: ""},
  };
  const st = S.store;
  const wake = () => { S.wakeGen++; };
  window.addEventListener("hashchange", () => { S.hashGen++; wake(); });
  canvas.addEventListener("contextmenu", (e) => e.preventDefault());

  // OS clipboard. Ctrl/Cmd+V is not cancelled, so the browser fires `paste` before the next
  // frame; ImGui then reads S.clipboard. Copies go through navigator.clipboard (secure
  // contexts) or a `copy` event triggered with execCommand.
  document.addEventListener("paste", (e) => {
    if (document.activeElement !== canvas) return;
    S.clipboard = (e.clipboardData && e.clipboardData.getData("text/plain")) || "";
    e.preventDefault();
    wake();
  });
  document.addEventListener("copy", (e) => {
    if (S.pendingCopy === undefined) return;
    e.clipboardData.setData("text/plain", S.pendingCopy);
    S.pendingCopy = undefined;
    e.preventDefault();
  });
  S.setClipboard = (text) => {
    S.clipboard = text;
    const fallback = () => {
      S.pendingCopy = text;
      try { document.execCommand("copy"); } catch (err) {}
      S.pendingCopy = undefined;
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).catch(fallback);
    else fallback();
  };

  // Persistence: each commit schedules a debounced FS.syncfs(false); one sync at a time; a
  // commit during a sync queues one more. `saved` is true only when nothing is pending.
  const flush = () => {
    if (st.timer) { clearTimeout(st.timer); st.timer = null; }
    if (!st.persistent) return;
    if (st.inFlight > 0) { st.again = true; return; }
    st.dirty = false;
    st.inFlight++;
    FS.syncfs(false, (err) => {
      st.inFlight--;
      if (err) {
        st.error = String(err && err.message || err);
        st.dirty = true;
        console.warn("Faultline: saving progress to IndexedDB failed:", st.error);
      } else {
        st.error = "";
      }
      if (st.again) { st.again = false; flush(); }
      st.saved = !st.dirty && !st.timer && st.inFlight === 0 && !st.error;
      wake();
    });
  };
  S.scheduleSync = () => {
    st.dirty = true;
    st.saved = false;
    if (st.timer) clearTimeout(st.timer);
    st.timer = setTimeout(flush, 150);
  };
  const flushNow = () => { if (st.dirty || st.timer) flush(); };
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") flushNow(); });
  window.addEventListener("pagehide", flushNow);

  S.mountStorage = () => {
    const settle = (persistent, problem) => {
      if (st.settled) return;
      st.settled = true;
      st.persistent = persistent;
      st.saved = persistent;
      st.problem = problem;
      Module._fl_web_storage_ready(persistent ? 1 : 0);
      wake();
    };
    const noStore = "This browser does not let the page store data (IndexedDB is unavailable, as in some " +
      "private windows): Faultline works, but your progress will not be kept after you close the page.";
    let idb = null;
    try { idb = window.indexedDB; } catch (err) { idb = null; }
    if (!idb) { setTimeout(() => settle(false, noStore), 0); return; }
    try {
      FS.mkdir("/persist");
      FS.mount(IDBFS, {}, "/persist");
    } catch (err) {
      setTimeout(() => settle(false, noStore), 0);
      return;
    }
    const timeout = setTimeout(() => settle(false, "The browser's storage (IndexedDB) did not answer within " +
      "10 seconds: Faultline works, but your progress will not be kept after you close the page."), 10000);
    FS.syncfs(true, (err) => {
      clearTimeout(timeout);
      if (err) settle(false, noStore + " (" + String(err && err.message || err) + ")");
      else settle(true, "");
    });
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  };

  S.message = (kind, text) => {
    const box = document.getElementById("message");
    const loading = document.getElementById("loading");
    if (kind === 2 && loading) loading.hidden = true;
    if (!box) { console.warn("Faultline:", text); return; }
    const p = document.createElement("p");
    p.className = ["info", "warning", "error"][kind] || "info";
    p.textContent = text;
    box.appendChild(p);
    if (kind === 2) box.classList.add("blocking");  // nothing else on the page: centre it
    box.hidden = false;
  };

  // Browser test hook (contract in ARCHITECTURE.md): ready, route, syncsInFlight, saved,
  // widgets; plus storage, timings and canvas geometry for the tests' own checks.
  window.faultlineTest = {
    get ready() { return S.ready; },
    get route() { return S.route; },
    get syncsInFlight() { return st.inFlight; },
    get saved() { return st.saved; },
    get widgets() { return JSON.parse(UTF8ToString(Module._fl_web_widgets_json())); },
    get storage() { return st.settled ? (st.persistent ? "indexeddb" : "memory") : "opening"; },
    get firstFrameMs() { return S.firstFrameMs; },
    get readyMs() { return S.readyMs; },
    get fontScale() { return S.fontScale; },
    get timings() { return Object.assign({}, S.timings); },
    get frames() { return Module._fl_web_frame_count(); },  // frames drawn (idle frames are skipped)
    get canvas() {
      const r = canvas.getBoundingClientRect();
      return {width: canvas.width, height: canvas.height, cssWidth: r.width, cssHeight: r.height,
              devicePixelRatio: window.devicePixelRatio};
    },
  };
});

EM_JS(void, fl_js_mount_storage, (), { Module.fl.mountStorage(); });
EM_JS(void, fl_js_schedule_sync, (), { Module.fl.scheduleSync(); });
EM_JS(int, fl_js_save_bits, (), {
  const st = Module.fl.store;
  return (st.persistent ? 1 : 0) | (st.saved ? 2 : 0) | (st.inFlight << 8);
});
EM_JS(int, fl_js_storage_problem, (char* buf, int cap), {
  return stringToUTF8(Module.fl.store.problem, buf, cap);
});
EM_JS(void, fl_js_storage_lost, (), {
  const st = Module.fl.store;
  st.persistent = false;
  st.saved = false;
});
EM_JS(int, fl_js_wake_gen, (), { return Module.fl.wakeGen; });
EM_JS(int, fl_js_hash_gen, (), { return Module.fl.hashGen; });
EM_JS(void, fl_js_get_hash, (char* buf, int cap), { stringToUTF8(window.location.hash, buf, cap); });
EM_JS(void, fl_js_navigate, (const char* route, int replace), {
  const hash = UTF8ToString(route);
  if (replace) {
    history.replaceState(history.state, "", window.location.pathname + window.location.search + hash);
    Module.fl.hashGen++;
    Module.fl.wakeGen++;
  } else if (window.location.hash !== hash) {
    window.location.hash = hash;  // pushes a history entry; hashchange follows
  }
});
// Runs in the frame after the click, still within the click's transient user activation,
// so pop-up blockers allow it. noopener: the new tab gets no handle on this one.
EM_JS(void, fl_js_open_url, (const char* url), {
  window.open(UTF8ToString(url), "_blank", "noopener,noreferrer");
});
EM_JS(void, fl_js_message, (int kind, const char* text), { Module.fl.message(kind, UTF8ToString(text)); });
EM_JS(void, fl_js_publish, (int ready, const char* route), {
  const S = Module.fl;
  S.route = UTF8ToString(route);
  if (ready && !S.ready) S.readyMs = S.timings.ready = performance.now();
  S.ready = !!ready;
});
EM_JS(void, fl_js_first_frame, (), {
  Module.fl.firstFrameMs = Module.fl.timings.firstFrame = performance.now();
  const loading = document.getElementById("loading");
  if (loading) loading.hidden = true;
});
EM_JS(void, fl_js_mark, (const char* name), { Module.fl.timings[UTF8ToString(name)] = performance.now(); });
EM_JS(void, fl_js_font_scale, (double scale), { Module.fl.fontScale = scale; });
EM_JS(void, fl_js_canvas_rect, (double* out), {
  const r = document.getElementById("canvas").getBoundingClientRect();
  HEAPF64[out >> 3] = r.left;
  HEAPF64[(out >> 3) + 1] = r.top;
  HEAPF64[(out >> 3) + 2] = r.width;
  HEAPF64[(out >> 3) + 3] = r.height;
});
EM_JS(void, fl_js_set_cursor, (const char* css), {
  document.getElementById("canvas").style.cursor = UTF8ToString(css);
});
EM_JS(void, fl_js_set_clipboard, (const char* text), { Module.fl.setClipboard(UTF8ToString(text)); });
EM_JS(int, fl_js_clipboard_size, (), { return lengthBytesUTF8(Module.fl.clipboard) + 1; });
EM_JS(void, fl_js_clipboard_copy, (char* buf, int cap), { stringToUTF8(Module.fl.clipboard, buf, cap); });
EM_JS(int, fl_js_is_mac, (), { return /Mac|iPhone|iPad/.test(navigator.platform || "") ? 1 : 0; });
EM_JS(void, fl_js_focus_canvas, (), { document.getElementById("canvas").focus({preventScroll: true}); });
// clang-format on

namespace fl::platform {

namespace {

// -----------------------------------------------------------------------------------------
// [SECTION] State and input
// -----------------------------------------------------------------------------------------

constexpr const char* kCanvas = "#canvas";
constexpr int kKeys = 512;
constexpr int kWakeFrames = 30;  // frames drawn after any input or page event (~0.5 s)

enum ModKey { kShift = 16, kCtrl = 17, kAlt = 18, kMeta = 91 };

// Browser events arrive between frames; ImGui 1.86 samples io.MouseDown/KeysDown once per
// frame. A press that is released before the next frame would be lost, so a press stays
// "unseen" (and reported down) until one frame has seen it.
struct Input {
  double origin_x = 0, origin_y = 0;  // canvas position in the page (CSS px)
  float mouse_x = -FLT_MAX, mouse_y = -FLT_MAX;
  bool mouse_live[5] = {};
  bool mouse_unseen[5] = {};
  bool key_live[kKeys] = {};
  bool key_unseen[kKeys] = {};
  float wheel_x = 0, wheel_y = 0;
  std::string chars;  // typed text since the last frame (UTF-8)
  bool focus_event = false;
  bool focused = false;
};

struct State {
  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
  Hooks hooks;
  Input input;
  std::function<void(Storage)> storage_done;
  std::string clipboard;
  double css_w = 0, css_h = 0;
  int fb_w = 0, fb_h = 0;
  float font_scale = 0;
  double last_time_ms = 0;
  int frames_left = 60;  // start-up: draw until the app settles (storage and routes wake it too)
  int last_wake_gen = -1;
  int last_hash_gen = 0;
  int frame_count = 0;
  ImGuiMouseCursor cursor = ImGuiMouseCursor_COUNT;
  bool published_ready = false;
  std::string published_route;
};

State& state() {
  static State s;
  return s;
}

void wake() { state().frames_left = kWakeFrames; }

int imgui_button(unsigned short dom_button) {
  switch (dom_button) {
    case 0: return 0;  // left
    case 1: return 2;  // middle
    case 2: return 1;  // right
    default: return dom_button < 5 ? dom_button : -1;
  }
}

void press_key(int code, bool down) {
  if (code <= 0 || code >= kKeys) return;
  Input& in = state().input;
  in.key_live[code] = down;
  if (down) in.key_unseen[code] = true;
}

void sync_modifiers(bool ctrl, bool shift, bool alt, bool meta) {
  Input& in = state().input;
  // The event's flags are the truth for "held now"; a quick press stays visible via unseen.
  in.key_live[kCtrl] = ctrl;
  in.key_live[kShift] = shift;
  in.key_live[kAlt] = alt;
  in.key_live[kMeta] = meta;
}

void set_mouse(const EmscriptenMouseEvent* e) {
  Input& in = state().input;
  in.mouse_x = static_cast<float>(e->clientX - in.origin_x);
  in.mouse_y = static_cast<float>(e->clientY - in.origin_y);
  sync_modifiers(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
}

// One Unicode code point, as a keydown's `key` is for a printable key ("a", "é", "€").
bool is_single_character(const char* key) {
  const auto* s = reinterpret_cast<const unsigned char*>(key);
  if (!s[0] || s[0] < 0x20 || s[0] == 0x7f) return false;
  int len = s[0] < 0x80 ? 1 : (s[0] >> 5) == 6 ? 2 : (s[0] >> 4) == 14 ? 3 : (s[0] >> 3) == 30 ? 4 : 0;
  return len > 0 && std::strlen(key) == static_cast<std::size_t>(len);
}

// -----------------------------------------------------------------------------------------
// [SECTION] Input callbacks (return true = preventDefault)
// -----------------------------------------------------------------------------------------

EM_BOOL on_mouse_down(int, const EmscriptenMouseEvent* e, void*) {
  set_mouse(e);
  int b = imgui_button(e->button);
  if (b >= 0) {
    state().input.mouse_live[b] = true;
    state().input.mouse_unseen[b] = true;
  }
  wake();
  return e->button == 1;  // no middle-click autoscroll; left click keeps its default (focus)
}

EM_BOOL on_mouse_up(int, const EmscriptenMouseEvent* e, void*) {
  int b = imgui_button(e->button);
  if (b >= 0) state().input.mouse_live[b] = false;
  set_mouse(e);
  wake();
  return false;
}

EM_BOOL on_mouse_move(int, const EmscriptenMouseEvent* e, void*) {
  set_mouse(e);
  wake();
  return false;
}

EM_BOOL on_mouse_leave(int, const EmscriptenMouseEvent*, void*) {
  Input& in = state().input;
  bool held = false;
  for (bool b : in.mouse_live) held = held || b;
  if (!held) in.mouse_x = in.mouse_y = -FLT_MAX;
  wake();
  return false;
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
  if (e->mouse.ctrlKey) return false;  // browser zoom
  Input& in = state().input;
  set_mouse(&e->mouse);
  // Pixels (Chrome: ~100 per notch), lines, or pages, into ImGui's wheel units.
  double unit = e->deltaMode == DOM_DELTA_PIXEL ? 100.0 : e->deltaMode == DOM_DELTA_LINE ? 3.0 : 0.5;
  in.wheel_x -= static_cast<float>(e->deltaX / unit);
  in.wheel_y -= static_cast<float>(e->deltaY / unit);
  wake();
  return true;
}

EM_BOOL on_key_down(int, const EmscriptenKeyboardEvent* e, void*) {
  Input& in = state().input;
  sync_modifiers(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
  const int code = static_cast<int>(e->keyCode);
  press_key(code == 92 || code == 93 || code == 224 ? kMeta : code, true);
  const bool shortcut = e->ctrlKey || e->metaKey;
  if (!shortcut && is_single_character(e->key)) in.chars += e->key;
  wake();

  const bool wants_keys = ImGui::GetIO().WantCaptureKeyboard;
  if (shortcut) {
    // Let copy/cut/paste reach the browser (it fires the clipboard events), and every other
    // browser shortcut too; keep select-all and undo/redo for ImGui's text fields.
    return (code == 'A' || code == 'Z' || code == 'Y') && wants_keys;
  }
  if (code >= 112 && code <= 123) return false;  // F1-F12
  if (e->altKey && !wants_keys) return false;     // Alt+Left/Right (back/forward), Alt+Home, ...
  if (code == 9) return wants_keys;              // Tab leaves the canvas unless ImGui uses it
  return true;
}

EM_BOOL on_key_up(int, const EmscriptenKeyboardEvent* e, void*) {
  const int code = static_cast<int>(e->keyCode);
  press_key(code == 92 || code == 93 || code == 224 ? kMeta : code, false);
  sync_modifiers(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
  wake();
  return false;
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void*) {
  Input& in = state().input;
  in.focused = type == EMSCRIPTEN_EVENT_FOCUS;
  in.focus_event = true;
  if (!in.focused) {  // keys released while elsewhere never reach us
    for (int i = 0; i < kKeys; ++i) in.key_live[i] = false;
  }
  wake();
  return false;
}

void set_clipboard(void*, const char* text) { fl_js_set_clipboard(text); }

const char* get_clipboard(void*) {
  std::string& buf = state().clipboard;
  buf.resize(static_cast<std::size_t>(fl_js_clipboard_size()));
  fl_js_clipboard_copy(buf.data(), static_cast<int>(buf.size()));
  return buf.c_str();
}

void install_callbacks() {
  emscripten_set_mousedown_callback(kCanvas, nullptr, true, on_mouse_down);
  emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, true, on_mouse_up);
  emscripten_set_mousemove_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, nullptr, true, on_mouse_move);
  emscripten_set_mouseleave_callback(kCanvas, nullptr, true, on_mouse_leave);
  emscripten_set_wheel_callback(kCanvas, nullptr, false, on_wheel);
  emscripten_set_keydown_callback(kCanvas, nullptr, true, on_key_down);
  emscripten_set_keyup_callback(kCanvas, nullptr, true, on_key_up);
  emscripten_set_focus_callback(kCanvas, nullptr, true, on_focus);
  emscripten_set_blur_callback(kCanvas, nullptr, true, on_focus);
}

void setup_imgui_io() {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.BackendPlatformName = "faultline_web";
  io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
  io.ConfigMacOSXBehaviors = fl_js_is_mac() != 0;
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  // KeysDown is indexed by the DOM keyCode (layout-aware for letters, as shortcuts expect).
  io.KeyMap[ImGuiKey_Tab] = 9;
  io.KeyMap[ImGuiKey_LeftArrow] = 37;
  io.KeyMap[ImGuiKey_RightArrow] = 39;
  io.KeyMap[ImGuiKey_UpArrow] = 38;
  io.KeyMap[ImGuiKey_DownArrow] = 40;
  io.KeyMap[ImGuiKey_PageUp] = 33;
  io.KeyMap[ImGuiKey_PageDown] = 34;
  io.KeyMap[ImGuiKey_Home] = 36;
  io.KeyMap[ImGuiKey_End] = 35;
  io.KeyMap[ImGuiKey_Insert] = 45;
  io.KeyMap[ImGuiKey_Delete] = 46;
  io.KeyMap[ImGuiKey_Backspace] = 8;
  io.KeyMap[ImGuiKey_Space] = 32;
  io.KeyMap[ImGuiKey_Enter] = 13;
  io.KeyMap[ImGuiKey_Escape] = 27;
  io.KeyMap[ImGuiKey_KeyPadEnter] = 13;
  io.KeyMap[ImGuiKey_A] = 'A';
  io.KeyMap[ImGuiKey_C] = 'C';
  io.KeyMap[ImGuiKey_V] = 'V';
  io.KeyMap[ImGuiKey_X] = 'X';
  io.KeyMap[ImGuiKey_Y] = 'Y';
  io.KeyMap[ImGuiKey_Z] = 'Z';
}

// -----------------------------------------------------------------------------------------
// [SECTION] Frame loop
// -----------------------------------------------------------------------------------------

// Canvas size in CSS px and devicePixelRatio -> backing store size, display size, and the
// font atlas scale. Returns true when anything changed.
bool update_geometry() {
  State& s = state();
  double rect[4];
  fl_js_canvas_rect(rect);
  s.input.origin_x = rect[0];
  s.input.origin_y = rect[1];
  const double dpr = emscripten_get_device_pixel_ratio();
  const double css_w = std::max(1.0, rect[2]), css_h = std::max(1.0, rect[3]);
  const int fb_w = static_cast<int>(std::lround(css_w * dpr)), fb_h = static_cast<int>(std::lround(css_h * dpr));
  bool changed = false;
  if (fb_w != s.fb_w || fb_h != s.fb_h || css_w != s.css_w || css_h != s.css_h) {
    emscripten_set_canvas_element_size(kCanvas, fb_w, fb_h);
    s.fb_w = fb_w;
    s.fb_h = fb_h;
    s.css_w = css_w;
    s.css_h = css_h;
    changed = true;
  }
  const float scale = static_cast<float>(dpr);
  if (scale != s.font_scale) {
    fl_js_mark("fontsStart");
    if (s.hooks.build_fonts) s.hooks.build_fonts(scale);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    s.font_scale = scale;
    fl_js_font_scale(scale);
    fl_js_mark("fonts");
    changed = true;
  }
  return changed;
}

void feed_input(double now_ms) {
  State& s = state();
  Input& in = s.input;
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(s.css_w), static_cast<float>(s.css_h));
  io.DisplayFramebufferScale = ImVec2(static_cast<float>(s.fb_w / s.css_w), static_cast<float>(s.fb_h / s.css_h));
  double dt = s.last_time_ms > 0 ? (now_ms - s.last_time_ms) / 1000.0 : 1.0 / 60;
  io.DeltaTime = static_cast<float>(std::clamp(dt, 1e-4, 0.1));
  s.last_time_ms = now_ms;

  if (in.focus_event) {
    io.AddFocusEvent(in.focused);
    in.focus_event = false;
  }
  io.MousePos = ImVec2(in.mouse_x, in.mouse_y);
  for (int b = 0; b < 5; ++b) {
    io.MouseDown[b] = in.mouse_live[b] || in.mouse_unseen[b];
    in.mouse_unseen[b] = false;
  }
  io.MouseWheel += in.wheel_y;
  io.MouseWheelH += in.wheel_x;
  in.wheel_x = in.wheel_y = 0;
  for (int k = 0; k < kKeys; ++k) {
    io.KeysDown[k] = in.key_live[k] || in.key_unseen[k];
    in.key_unseen[k] = false;
  }
  io.KeyCtrl = io.KeysDown[kCtrl];
  io.KeyShift = io.KeysDown[kShift];
  io.KeyAlt = io.KeysDown[kAlt];
  io.KeySuper = io.KeysDown[kMeta];
  if (!in.chars.empty()) {
    io.AddInputCharactersUTF8(in.chars.c_str());
    in.chars.clear();
  }
}

const char* css_cursor(ImGuiMouseCursor cursor) {
  switch (cursor) {
    case ImGuiMouseCursor_None: return "none";
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_ResizeAll: return "move";
    case ImGuiMouseCursor_ResizeNS: return "ns-resize";
    case ImGuiMouseCursor_ResizeEW: return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_NotAllowed: return "not-allowed";
    default: return "default";
  }
}

EM_BOOL frame(double now_ms, void*) {
  State& s = state();
  const int wake_gen = fl_js_wake_gen();
  if (wake_gen != s.last_wake_gen) {
    s.last_wake_gen = wake_gen;
    wake();
  }
  if (update_geometry()) wake();
  // Idle: nothing happened for a while and nothing is animating. The canvas keeps showing
  // the last frame (WebGL presents only frames that drew), so skipping costs nothing.
  if (s.frames_left <= 0) return EM_TRUE;
  --s.frames_left;

  feed_input(now_ms);
  ui::begin_test_frame();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  if (s.hooks.frame) s.hooks.frame();
  ImGui::Render();
  glViewport(0, 0, s.fb_w, s.fb_h);
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  ui::end_test_frame();

  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsAnyItemActive()) wake();  // caret blink, drags
  const ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
  if (cursor != s.cursor) {
    s.cursor = cursor;
    fl_js_set_cursor(css_cursor(cursor));
  }
  if (s.frame_count++ == 0) fl_js_first_frame();
  if (s.hooks.after_frame) s.hooks.after_frame();
  return EM_TRUE;
}

}  // namespace

// -----------------------------------------------------------------------------------------
// [SECTION] platform.h
// -----------------------------------------------------------------------------------------

bool init(const Options&, std::string* error) {
  fl_js_setup();
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  attrs.majorVersion = 2;
  attrs.minorVersion = 0;
  attrs.alpha = EM_FALSE;
  attrs.depth = EM_FALSE;
  attrs.stencil = EM_FALSE;
  attrs.antialias = EM_FALSE;
  attrs.preserveDrawingBuffer = EM_FALSE;
  attrs.enableExtensionsByDefault = EM_TRUE;
  State& s = state();
  s.gl = emscripten_webgl_create_context(kCanvas, &attrs);
  if (s.gl <= 0) {
    const char* why =
        "Faultline needs WebGL 2, which this browser does not provide or has turned off. Use a recent "
        "Chrome, Edge, Firefox or Safari, and check that hardware acceleration is enabled.";
    if (error) *error = why;
    return false;
  }
  emscripten_webgl_make_context_current(s.gl);
  fl_js_mark("gl");

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ui::install_test_hooks();
  setup_imgui_io();
  ImGui_ImplOpenGL3_Init("#version 300 es");
  install_callbacks();
  fl_js_focus_canvas();
  return true;
}

const char* name() { return "web"; }

std::string bundle_dir() { return "/bundle"; }

void open_storage(std::function<void(Storage)> done) {
  state().storage_done = std::move(done);
  fl_js_mount_storage();
}

SaveStatus save_status() {
  const int bits = fl_js_save_bits();
  return SaveStatus{(bits & 1) != 0, (bits & 2) != 0, bits >> 8};
}

std::string current_route() {
  char buf[512];
  fl_js_get_hash(buf, sizeof buf);
  return buf;
}

void navigate(const std::string& route, bool replace) { fl_js_navigate(route.c_str(), replace ? 1 : 0); }

void open_url(const std::string& url) {
  if (openable_url(url)) fl_js_open_url(url.c_str());
}

bool poll_route(std::string* route) {
  State& s = state();
  const int gen = fl_js_hash_gen();
  if (gen == s.last_hash_gen) return false;
  s.last_hash_gen = gen;
  *route = current_route();
  return true;
}

void show_message(Message kind, const std::string& text) {
  fl_js_message(kind == Message::info ? 0 : kind == Message::warning ? 1 : 2, text.c_str());
}

void publish_state(bool ready, const std::string& route) {
  State& s = state();
  if (ready == s.published_ready && route == s.published_route) return;
  s.published_ready = ready;
  s.published_route = route;
  fl_js_publish(ready ? 1 : 0, route.c_str());
}

void set_title(const std::string& title) { emscripten_set_window_title(title.c_str()); }

void invalidate_fonts() {
  state().font_scale = 0;
  wake();
}

void run(Hooks hooks) {
  state().hooks = std::move(hooks);
  fl_js_mark("loop");
  emscripten_request_animation_frame_loop(frame, nullptr);
}

}  // namespace fl::platform

// Called from JavaScript.
extern "C" {

EMSCRIPTEN_KEEPALIVE const char* fl_web_widgets_json() { return fl::ui::published_items_json().c_str(); }

EMSCRIPTEN_KEEPALIVE int fl_web_frame_count() { return fl::platform::state().frame_count; }

// IDBFS is mounted and loaded (persistent = 1), or cannot be used (0): open the database.
EMSCRIPTEN_KEEPALIVE void fl_web_storage_ready(int persistent) {
  using namespace fl::platform;
  fl_js_mark("storage");
  Storage storage;
  std::string error;
  if (persistent) {
    storage.db = fl::store::Database::open("/persist/progress.sqlite3", &error);
    if (storage.db) {
      storage.persistent = true;
      storage.db->set_after_commit([] { fl_js_schedule_sync(); });
      fl_js_schedule_sync();  // a new file (and any migration) reaches IndexedDB too
    } else {
      fl_js_storage_lost();
      storage.problem = "Your saved progress could not be opened (" + error +
                        "): Faultline works, but this session's progress will not be kept.";
    }
  } else {
    char buf[1024];
    fl_js_storage_problem(buf, sizeof buf);
    storage.problem = buf;
  }
  if (!storage.db) storage.db = fl::store::Database::open(":memory:", &error);
  fl_js_mark("db");
  if (!storage.problem.empty()) show_message(Message::warning, storage.problem);
  auto done = std::move(state().storage_done);
  if (done) done(std::move(storage));
  wake();
}

}  // extern "C"

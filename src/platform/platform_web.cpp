// The browser platform, on Emscripten's html5.h (not its GLFW emulation, which captures every
// key on `window`, cancels Backspace and Tab, and ignores devicePixelRatio: see
// docs/web-platform.md).
//
// [SECTION] JavaScript side (page set-up, frames, storage and its writer, files, test hook)
// [SECTION] Code editor (JavaScript side)
// [SECTION] State and input
// [SECTION] Input callbacks
// [SECTION] Frame loop
// [SECTION] platform.h
// [SECTION] platform.h: code editor
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

#include <utility>
#include <vector>

#include "platform/platform.h"

// -----------------------------------------------------------------------------------------
// [SECTION] JavaScript side
// EM_JS rather than EM_ASM: EM_ASM splits JavaScript object literals at their commas.
// -----------------------------------------------------------------------------------------

// clang-format off
// Page set-up: listeners, frame scheduling, the persistent folder and its single writer, host
// services, window.faultlineTest.
EM_JS(void, fl_js_setup, (), {
  const canvas = document.getElementById("canvas");
  const S = Module.fl = {
    hashGen: 0,     // bumped on every route change, polled by the frame loop
    wakeGen: 0,     // bumped by anything that should trigger frames
    rafPending: false,
    rafCount: 0,    // animation-frame callbacks run (the idle benchmark reads it)
    clipboard: "",  // the text ImGui pastes
    pendingCopy: undefined,
    picked: null,   // a file the learner picked: {name, text} or {error}
    ready: false,
    firstFrameMs: null,
    readyMs: null,
    fontScale: 0,
    timings: {init: performance.now()},  // ms since navigation start
    store: {persistent: false, saved: false, dirty: false, inFlight: 0, timer: null, again: false,
            settled: false, problem: "", error: "", idle: []},
    writer: {role: "pending", mode: "none", channel: null, id: Math.random().toString(36).slice(2),
             release: null, waitAbort: null, handoverTimer: null, reloading: false, reloadAgain: false,
             afterReload: [], electionLost: false, term: 0},
  };
  const st = S.store;
  const W = S.writer;
  const LOCK = "faultline-progress-writer";
  // Frames are requested only when something asks for them: the idle page schedules nothing.
  S.requestFrame = () => {
    if (S.rafPending) return;
    S.rafPending = true;
    requestAnimationFrame((t) => { S.rafPending = false; S.rafCount++; Module._fl_web_frame(t); });
  };
  const wake = S.wake = () => { S.wakeGen++; S.requestFrame(); };
  window.addEventListener("hashchange", () => { S.hashGen++; wake(); });
  window.addEventListener("resize", wake);
  // A pixel-ratio change (zoom, another monitor) fires no resize when the CSS size stays. The
  // media query reports it at once where the browser dispatches it; a slow poll catches the rest
  // (emulated ratios fire no event at all) and costs no frames while nothing changes.
  let watchedRatio = window.devicePixelRatio;
  const pixelRatioChanged = () => {
    if (window.devicePixelRatio === watchedRatio) return;
    watchedRatio = window.devicePixelRatio;
    wake();
  };
  const watchPixelRatio = () => matchMedia("(resolution: " + window.devicePixelRatio + "dppx)")
      .addEventListener("change", () => { pixelRatioChanged(); watchPixelRatio(); }, {once: true});
  watchPixelRatio();
  setInterval(pixelRatioChanged, 500);
  window.addEventListener("focus", wake);
  document.addEventListener("visibilitychange", wake);
  canvas.addEventListener("contextmenu", (e) => e.preventDefault());
  S.mark = (name) => {
    S.timings[name] = performance.now();
    try { performance.mark(name); } catch (err) {}
  };
  S.mark("init");

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

  // Files: a download of text the app made, and the browser's picker for one to import.
  S.saveFile = (name, mime, text) => {
    const url = URL.createObjectURL(new Blob([text], {type: mime}));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  };
  S.pickFile = (accept) => {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = accept;
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      if (!file) return;
      const deliver = (picked) => { S.picked = picked; wake(); };
      if (file.size > 32 * 1024 * 1024) { deliver({name: file.name, error: "larger than 32 MB"}); return; }
      file.text().then((text) => deliver({name: file.name, text: text}),
                       (err) => deliver({name: file.name, error: String(err && err.message || err)}));
    });
    input.click();
  };

  // ---- Persistence: the tab that writes -------------------------------------------------
  // One tab per browser writes (it holds the Web Lock LOCK); the others read only, wait for
  // the lock, and reload from IndexedDB whenever the writer tells them (BroadcastChannel) it
  // saved. Each commit of the writer schedules a debounced FS.syncfs(false); one sync at a
  // time; a commit during a sync queues one more. `saved` is true only when nothing is pending.
  const post = (msg) => { if (W.channel) W.channel.postMessage(msg); };
  const settleIdle = () => {
    if (st.dirty || st.timer || st.inFlight > 0) return;
    const callbacks = st.idle.splice(0);
    for (const cb of callbacks) cb();
  };
  const flush = () => {
    if (st.timer) { clearTimeout(st.timer); st.timer = null; }
    if (!st.persistent) { st.dirty = false; settleIdle(); return; }
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
        post({type: "committed", from: W.id});
      }
      if (st.again) { st.again = false; flush(); }
      st.saved = !st.dirty && !st.timer && st.inFlight === 0 && !st.error;
      settleIdle();
      wake();
    });
  };
  S.scheduleSync = () => {
    if (W.role !== "writer") return;
    st.dirty = true;
    st.saved = false;
    if (st.timer) clearTimeout(st.timer);
    st.timer = setTimeout(flush, 150);
  };
  // Writes what is pending now, then runs `then` once nothing is (at once if nothing is).
  const flushNow = (then) => {
    if (then) st.idle.push(then);
    if (st.dirty || st.timer) flush(); else settleIdle();
  };
  // The app stores what waits (a draft typed in the last second) first, then it is flushed.
  const hiding = () => Module._fl_web_hiding();
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") { hiding(); flushNow(); } });
  window.addEventListener("pagehide", () => { hiding(); flushNow(); if (W.role === "writer") post({type: "bye", from: W.id}); });

  // The app reopens its files (reloaded) and learns whether it may write.
  const tellApp = (reloaded) => {
    Module._fl_web_folder(st.persistent ? 1 : 0, W.role === "writer" ? 1 : 0, reloaded ? 1 : 0);
    wake();
  };
  // FS.syncfs(true): IndexedDB -> the in-memory files, queued so two never overlap. Then the
  // callbacks waiting for it run, or the app reopens its files.
  const reload = (then) => {
    if (then) W.afterReload.push(then);
    if (W.reloading) { W.reloadAgain = true; return; }
    W.reloading = true;
    FS.syncfs(true, (err) => {
      W.reloading = false;
      if (err) console.warn("Faultline: reading progress from IndexedDB failed:", String(err && err.message || err));
      if (W.reloadAgain) { W.reloadAgain = false; reload(); return; }
      const callbacks = W.afterReload.splice(0);
      if (callbacks.length) callbacks.forEach((cb) => cb()); else tellApp(true);
    });
  };
  // This tab got the lock: reload first (another tab may have written since), then write.
  const becomeWriter = () => {
    clearTimeout(W.handoverTimer);
    W.role = "taking";
    const term = ++W.term;
    reload(() => {
      if (term !== W.term) { tellApp(true); return; }  // the lock was lost meanwhile: read only
      W.role = "writer";
      tellApp(true);
    });
  };
  // Another tab took the lock: stop writing at once, drop what was not saved (it could only
  // overwrite the new writer's data), and wait for the lock again.
  const lostLock = () => {
    W.term++;
    if (W.role === "writer" || W.role === "taking") {
      if (st.timer) { clearTimeout(st.timer); st.timer = null; }
      st.dirty = false;
      W.role = "reader";
      tellApp(false);
    }
    waitForLock();
  };
  const holdLock = () => new Promise((resolve) => { W.release = resolve; becomeWriter(); });
  const waitForLock = () => {
    if (W.mode !== "locks" || W.waitAbort) return;
    const abort = W.waitAbort = new AbortController();
    let granted = false;
    navigator.locks.request(LOCK, {signal: abort.signal}, () => { granted = true; W.waitAbort = null; return holdLock(); })
      .then(lostLock, () => { if (granted) lostLock(); });  // not granted: steal() withdrew it
  };
  const steal = () => {
    clearTimeout(W.handoverTimer);
    if (W.role === "writer" || W.role === "taking") return;
    if (W.waitAbort) { const a = W.waitAbort; W.waitAbort = null; a.abort(); }
    if (W.mode === "locks") navigator.locks.request(LOCK, {steal: true}, holdLock).then(lostLock, lostLock);
    else becomeWriter();
  };
  // "Use here": ask the writer to save and hand over; take over anyway if it does not answer
  // (a frozen tab) within 3 s.
  S.takeOver = () => {
    if (W.role !== "reader") return;
    if (!W.channel) { steal(); return; }
    post({type: "handover", from: W.id});
    clearTimeout(W.handoverTimer);
    W.handoverTimer = setTimeout(steal, 3000);
  };
  const onMessage = (msg) => {
    if (!msg || msg.from === W.id) return;
    if (msg.type === "committed" && W.role === "reader" && st.settled) reload();
    if (msg.type === "handover" && W.role === "writer") {
      W.role = "reader";
      tellApp(false);
      flushNow(() => {
        post({type: "handedOver", from: W.id, to: msg.from});
        if (W.release) { const r = W.release; W.release = null; r(); }
      });
    }
    if (msg.type === "handedOver" && msg.to === W.id) steal();
    // Without Web Locks: a writer answers who-asks; a closing writer lets the others elect.
    if (W.mode === "channel") {
      if (msg.type === "who" && W.role === "writer") post({type: "here", from: W.id});
      if (msg.type === "who" && W.role === "pending" && msg.from < W.id) W.electionLost = true;
      if (msg.type === "here" && W.role === "pending") W.electionLost = true;
      if (msg.type === "bye" && W.role === "reader") elect(() => {});
    }
  };
  // Without Web Locks (old browsers): an election on the channel. A tab writes only if no
  // writer answers within 300 ms and no other candidate with a smaller id runs.
  const elect = (done) => {
    W.role = "pending";
    W.electionLost = false;
    post({type: "who", from: W.id});
    setTimeout(() => {
      if (W.electionLost) { W.role = "reader"; done(); return; }
      if (st.settled) becomeWriter(); else { W.role = "writer"; done(); }
    }, 300);
  };
  // Decides this tab's role, then calls `done` (the first load follows).
  const chooseRole = (done) => {
    try { if (typeof BroadcastChannel === "function") W.channel = new BroadcastChannel("faultline-progress"); }
    catch (err) { W.channel = null; }
    if (W.channel) W.channel.onmessage = (e) => onMessage(e.data);
    if (navigator.locks && navigator.locks.request) {
      W.mode = "locks";
      navigator.locks.request(LOCK, {ifAvailable: true}, (lock) => {
        if (!lock) { W.role = "reader"; done(); waitForLock(); return null; }
        return new Promise((resolve) => { W.release = resolve; W.role = "writer"; done(); });
      }).then(lostLock, lostLock);
    } else if (W.channel) {
      W.mode = "channel";
      elect(done);
    } else {
      W.role = "writer";  // nothing to coordinate with: the only safe choice left
      done();
    }
  };

  S.mountStorage = () => {
    const settle = (persistent, problem) => {
      if (st.settled) return;
      st.settled = true;
      st.persistent = persistent;
      st.saved = persistent;
      st.problem = problem;
      if (!persistent) W.role = "writer";  // in memory: this tab's own copy
      S.mark("storage");
      tellApp(true);
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
    chooseRole(() => {
      W.reloading = true;
      FS.syncfs(true, (err) => {
        W.reloading = false;
        clearTimeout(timeout);
        if (err) settle(false, noStore + " (" + String(err && err.message || err) + ")");
        else settle(true, "");
        if (W.reloadAgain || W.afterReload.length) { W.reloadAgain = false; reload(); }
      });
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

  // Browser test hook (contract in ARCHITECTURE.md). The platform's own fields are here; the
  // app adds its fields (ready, route, widgets, ...) through add_test_field.
  window.faultlineTest = {
    get syncsInFlight() { return st.inFlight; },
    get saved() { return st.saved; },
    get storage() { return st.settled ? (st.persistent ? "indexeddb" : "memory") : "opening"; },
    get role() { return W.role; },  // writer | reader | taking | pending
    get lockMode() { return W.mode; },  // locks | channel | none
    get firstFrameMs() { return S.firstFrameMs; },
    get readyMs() { return S.readyMs; },
    get fontScale() { return S.fontScale; },
    get timings() { return Object.assign({}, S.timings); },
    get frames() { return Module._fl_web_frame_count(); },  // frames drawn
    get animationFrames() { return S.rafCount; },  // requestAnimationFrame callbacks run
    get canvas() {
      const r = canvas.getBoundingClientRect();
      return {width: canvas.width, height: canvas.height, cssWidth: r.width, cssHeight: r.height,
              devicePixelRatio: window.devicePixelRatio};
    },
  };
});

// -----------------------------------------------------------------------------------------
// [SECTION] Code editor (JavaScript side)
// window.faultlineEditor comes from dist/editor.js (web/editor/, CodeMirror 6), loaded by
// index.html before app.js. Its events are kept here until the frame loop takes them.
// -----------------------------------------------------------------------------------------
EM_JS(int, fl_js_editor_attach, (), {
  const S = Module.fl;
  const canvas = document.getElementById("canvas");
  if (!window.faultlineEditor) return 0;
  const E = S.editor = {changed: null, run: null, out: "", api: null};
  E.api = window.faultlineEditor.attach({
    changed: (doc) => { E.changed = doc; S.wake(); },
    run: (doc) => { E.run = doc; S.wake(); },
    escape: () => { canvas.focus({preventScroll: true}); S.wake(); },  // Escape: back to the page
    // A wheel the editor cannot use (at its end) scrolls the page: the canvas gets a copy.
    wheel: (e) => canvas.dispatchEvent(new WheelEvent("wheel", {deltaX: e.deltaX, deltaY: e.deltaY,
      deltaMode: e.deltaMode, clientX: e.clientX, clientY: e.clientY, screenX: e.screenX, screenY: e.screenY,
      shiftKey: e.shiftKey, altKey: e.altKey, metaKey: e.metaKey, bubbles: true, cancelable: true})),
  });
  if (!E.api) return 0;
  // The app's code font, from the bundle, so the editor matches the code blocks.
  try {
    const face = new FontFace("Faultline Mono", FS.readFile("/bundle/fonts/JetBrainsMono-Regular.ttf"));
    document.fonts.add(face);
    face.load().then(() => E.api.view.requestMeasure(), () => {});
  } catch (err) {}
  Object.defineProperty(window.faultlineTest, "editor", {
    get() {
      const a = E.api;
      return {doc: a.doc, text: a.text(), visible: a.visible, rect: a.rect, shownRect: a.shownRect, markerLine: a.markerLine,
              cursorLine: a.cursorLine,
              readOnly: a.view.state.readOnly, focused: a.view.hasFocus, fontPx: a.fontPx, background: a.background};
    },
    enumerable: true, configurable: true,
  });
  return 1;
});
EM_JS(void, fl_js_editor_place, (int visible, double x, double y, double w, double h, double cx0, double cy0,
                                 double cx1, double cy1), {
  Module.fl.editor.api.place(visible !== 0, x, y, w, h, cx0, cy0, cx1, cy1);
});
EM_JS(void, fl_js_editor_set_document, (const char* doc, const char* text, int read_only), {
  Module.fl.editor.api.setDocument(UTF8ToString(doc), UTF8ToString(text), read_only !== 0);
});
EM_JS(void, fl_js_editor_set_theme, (const char* json, double font_px), {
  const api = Module.fl.editor.api;
  api.setTheme(JSON.parse(UTF8ToString(json)));
  api.setFontSize(font_px);
});
EM_JS(void, fl_js_editor_set_marker, (int line, const char* message), {
  Module.fl.editor.api.setMarker(line, UTF8ToString(message));
});
EM_JS(void, fl_js_editor_goto, (int line), { Module.fl.editor.api.gotoLine(line); });
EM_JS(void, fl_js_editor_focus, (), { Module.fl.editor.api.focus(); });
// Bits: 1 = a document was edited, 2 = Ctrl/Cmd+Enter. Strings are then read with
// fl_js_editor_string (0 = the edited doc id, 1 = the editor's text, 2 = the run's doc id).
EM_JS(int, fl_js_editor_pending, (), {
  const E = Module.fl.editor;
  return (E.changed !== null ? 1 : 0) | (E.run !== null ? 2 : 0);
});
EM_JS(int, fl_js_editor_string, (int which), {
  const E = Module.fl.editor;
  if (which === 0) { E.out = E.changed; E.changed = null; }
  else if (which === 1) E.out = E.api.text();
  else { E.out = E.run; E.run = null; }
  return lengthBytesUTF8(E.out) + 1;
});
EM_JS(void, fl_js_editor_copy, (char* buf, int cap), { stringToUTF8(Module.fl.editor.out, buf, cap); });

EM_JS(void, fl_js_add_test_field, (int index, const char* name), {
  Object.defineProperty(window.faultlineTest, UTF8ToString(name), {
    get() { return JSON.parse(UTF8ToString(Module._fl_web_test_field(index))); },
    enumerable: true, configurable: true,
  });
});
EM_JS(void, fl_js_mount_storage, (), { Module.fl.mountStorage(); });
EM_JS(void, fl_js_schedule_sync, (), { Module.fl.scheduleSync(); });
EM_JS(void, fl_js_take_over, (), { Module.fl.takeOver(); });
EM_JS(int, fl_js_save_bits, (), {
  const st = Module.fl.store;
  return (st.persistent ? 1 : 0) | (st.saved ? 2 : 0) | (st.inFlight << 8);
});
EM_JS(int, fl_js_storage_problem, (char* buf, int cap), {
  return stringToUTF8(Module.fl.store.problem, buf, cap);
});
EM_JS(void, fl_js_request_frame, (), { Module.fl.requestFrame(); });
EM_JS(void, fl_js_wake_later, (int ms), { setTimeout(Module.fl.wake, ms); });
EM_JS(int, fl_js_wake_gen, (), { return Module.fl.wakeGen; });
EM_JS(int, fl_js_hash_gen, (), { return Module.fl.hashGen; });
EM_JS(void, fl_js_get_hash, (char* buf, int cap), { stringToUTF8(window.location.hash, buf, cap); });
EM_JS(void, fl_js_navigate, (const char* route, int replace), {
  const hash = UTF8ToString(route);
  if (replace) {
    history.replaceState(history.state, "", window.location.pathname + window.location.search + hash);
    Module.fl.hashGen++;
    Module.fl.wake();
  } else if (window.location.hash !== hash) {
    window.location.hash = hash;  // pushes a history entry; hashchange follows
  }
});
// Runs in the frame after the click, still within the click's transient user activation,
// so pop-up blockers allow it. noopener: the new tab gets no handle on this one.
EM_JS(void, fl_js_open_url, (const char* url), {
  window.open(UTF8ToString(url), "_blank", "noopener,noreferrer");
});
// A link to a file of the site, clicked: the browser downloads it under its own name.
EM_JS(void, fl_js_download, (const char* file), {
  const a = document.createElement("a");
  a.href = UTF8ToString(file);
  a.download = UTF8ToString(file).split("/").pop();
  document.body.appendChild(a);
  a.click();
  a.remove();
});
EM_JS(void, fl_js_set_title, (const char* title), { document.title = UTF8ToString(title); });
EM_JS(void, fl_js_save_file, (const char* name, const char* mime, const char* data, int size), {
  Module.fl.saveFile(UTF8ToString(name), UTF8ToString(mime), UTF8ToString(data, size));
});
EM_JS(void, fl_js_pick_file, (const char* accept), { Module.fl.pickFile(UTF8ToString(accept)); });
// The picked file: part 0 its name, part 1 its text, part 2 why it could not be read. Sizes
// include the terminating NUL; -1 when no file is waiting.
EM_JS(int, fl_js_picked_size, (int part), {
  const p = Module.fl.picked;
  if (!p) return -1;
  return lengthBytesUTF8([p.name, p.text || "", p.error || ""][part]) + 1;
});
EM_JS(void, fl_js_picked_copy, (int part, char* buf, int cap), {
  const p = Module.fl.picked;
  stringToUTF8([p.name, p.text || "", p.error || ""][part], buf, cap);
});
EM_JS(void, fl_js_picked_done, (), { Module.fl.picked = null; });
EM_JS(void, fl_js_message, (int kind, const char* text), { Module.fl.message(kind, UTF8ToString(text)); });
EM_JS(void, fl_js_mark, (const char* name), {
  const S = Module.fl;
  const n = UTF8ToString(name);
  S.mark(n);
  if (n === "ready") S.readyMs = S.timings.ready;
});
EM_JS(void, fl_js_first_frame, (), {
  Module.fl.mark("firstFrame");
  Module.fl.firstFrameMs = Module.fl.timings.firstFrame;
  const loading = document.getElementById("loading");
  if (loading) loading.hidden = true;
});
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
// After any input or page event the loop draws for kWakeMs (hover effects, tooltips, a click's
// result) and at least kWakeFrames frames: by time, not by count, so a slow machine does not
// stretch the wake into seconds of drawing.
constexpr int kWakeFrames = 3;
constexpr double kWakeMs = 500;

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

// What the DOM editor shows, as last sent: calls cross into JavaScript only on a change.
struct EditorMirror {
  bool attached = false;  // dist/editor.js loaded and the editor created
  bool shown = false;
  bool placed = false;  // editor_place was called this frame
  EditorRect box, visible;
  std::string doc, text;  // the editor's document and its text (updated by its events too)
  bool read_only = false;
  bool themed = false;
  EditorTheme theme;
  int marker_line = 0;
  std::string marker_message;
};

struct State {
  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
  EditorMirror editor;
  Hooks hooks;
  Input input;
  std::function<void(const Folder&)> folder_changed;
  std::function<void(const std::string&, const std::string&)> file_picked;
  std::vector<std::pair<std::string, std::function<std::string()>>> test_fields;
  std::string test_field_json;  // the last field read (JavaScript copies it at once)
  std::string clipboard;
  double css_w = 0, css_h = 0;
  int fb_w = 0, fb_h = 0;
  float font_scale = 0;
  double last_time_ms = 0;
  int frames_left = kWakeFrames;
  double wake_until_ms = 1000;  // start-up: draw until the app settles (storage and routes wake it too)
  int last_wake_gen = -1;
  int last_hash_gen = 0;
  int frame_count = 0;
  ImGuiMouseCursor cursor = ImGuiMouseCursor_COUNT;
};

State& state() {
  static State s;
  return s;
}

// Input arrived: draw the next kWakeFrames frames (hover effects, tooltips, a click's result).
void keep_drawing() {
  State& s = state();
  s.frames_left = kWakeFrames;
  s.wake_until_ms = emscripten_get_now() + kWakeMs;
  fl_js_request_frame();
}

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
  keep_drawing();
  return e->button == 1;  // no middle-click autoscroll; left click keeps its default (focus)
}

EM_BOOL on_mouse_up(int, const EmscriptenMouseEvent* e, void*) {
  int b = imgui_button(e->button);
  if (b >= 0) state().input.mouse_live[b] = false;
  set_mouse(e);
  keep_drawing();
  return false;
}

EM_BOOL on_mouse_move(int, const EmscriptenMouseEvent* e, void*) {
  set_mouse(e);
  keep_drawing();
  return false;
}

EM_BOOL on_mouse_leave(int, const EmscriptenMouseEvent*, void*) {
  Input& in = state().input;
  bool held = false;
  for (bool b : in.mouse_live) held = held || b;
  if (!held) in.mouse_x = in.mouse_y = -FLT_MAX;
  keep_drawing();
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
  keep_drawing();
  return true;
}

EM_BOOL on_key_down(int, const EmscriptenKeyboardEvent* e, void*) {
  Input& in = state().input;
  sync_modifiers(e->ctrlKey, e->shiftKey, e->altKey, e->metaKey);
  const int code = static_cast<int>(e->keyCode);
  press_key(code == 92 || code == 93 || code == 224 ? kMeta : code, true);
  const bool shortcut = e->ctrlKey || e->metaKey;
  if (!shortcut && is_single_character(e->key)) in.chars += e->key;
  keep_drawing();

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
  keep_drawing();
  return false;
}

EM_BOOL on_focus(int type, const EmscriptenFocusEvent*, void*) {
  Input& in = state().input;
  in.focused = type == EMSCRIPTEN_EVENT_FOCUS;
  in.focus_event = true;
  if (!in.focused) {  // keys released while elsewhere never reach us
    for (int i = 0; i < kKeys; ++i) in.key_live[i] = false;
  }
  keep_drawing();
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

// Reads a file the learner picked (the page's file input) and hands it to pick_file's caller.
void deliver_picked_file() {
  State& s = state();
  if (fl_js_picked_size(0) < 0) return;
  std::string parts[3];
  for (int i = 0; i < 3; ++i) {
    parts[i].resize(static_cast<std::size_t>(fl_js_picked_size(i)));
    fl_js_picked_copy(i, parts[i].data(), static_cast<int>(parts[i].size()));
    parts[i].resize(parts[i].size() - 1);
  }
  fl_js_picked_done();
  if (!parts[2].empty()) {
    show_message(Message::warning, "Cannot read " + parts[0] + ": " + parts[2]);
    return;
  }
  if (auto done = std::exchange(s.file_picked, nullptr)) done(parts[0], parts[1]);
}

// One animation frame (JavaScript's requestAnimationFrame calls fl_web_frame). Draws while
// anything asks for frames, then requests none: the idle page costs nothing.
void frame(double now_ms) {
  State& s = state();
  const int wake_gen = fl_js_wake_gen();
  if (wake_gen != s.last_wake_gen) {
    s.last_wake_gen = wake_gen;
    s.frames_left = kWakeFrames;
    s.wake_until_ms = now_ms + kWakeMs;
  }
  if (update_geometry()) {
    s.frames_left = kWakeFrames;
    s.wake_until_ms = now_ms + kWakeMs;
  }
  if (s.frames_left <= 0 && now_ms > s.wake_until_ms) return;
  --s.frames_left;
  deliver_picked_file();

  feed_input(now_ms);
  if (s.hooks.before_frame) s.hooks.before_frame();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  const bool busy = s.hooks.frame && s.hooks.frame();
  ImGui::Render();
  glViewport(0, 0, s.fb_w, s.fb_h);
  glClearColor(0, 0, 0, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  const ImGuiIO& io = ImGui::GetIO();
  // Caret blink and drags need frames; so does work the app runs between frames.
  if (busy || io.WantTextInput || ImGui::IsAnyItemActive()) s.frames_left = std::max(s.frames_left, 1);
  const ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
  if (cursor != s.cursor) {
    s.cursor = cursor;
    fl_js_set_cursor(css_cursor(cursor));
  }
  if (s.frame_count++ == 0) fl_js_first_frame();
  if (s.hooks.after_frame) s.hooks.after_frame();
  // The editor shows only in frames whose UI placed it (another route, a popup: hidden).
  if (s.editor.shown && !s.editor.placed) {
    s.editor.shown = false;
    fl_js_editor_place(0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
  s.editor.placed = false;
  if (s.frames_left > 0 || emscripten_get_now() < s.wake_until_ms) fl_js_request_frame();
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
  setup_imgui_io();
  ImGui_ImplOpenGL3_Init("#version 300 es");
  install_callbacks();
  fl_js_focus_canvas();
  s.editor.attached = fl_js_editor_attach() != 0;
  return true;
}

const char* name() { return "web"; }

std::string bundle_dir() { return "/bundle"; }

void open_folder(std::function<void(const Folder&)> changed) {
  state().folder_changed = std::move(changed);
  fl_js_mount_storage();
}

void flush() { fl_js_schedule_sync(); }

void take_over() { fl_js_take_over(); }

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

bool poll_route(std::string* route) {
  State& s = state();
  const int gen = fl_js_hash_gen();
  if (gen == s.last_hash_gen) return false;
  s.last_hash_gen = gen;
  *route = current_route();
  return true;
}

void set_title(const std::string& title) { fl_js_set_title(title.c_str()); }

void download(const std::string& file) {
  // Only plain file names of the site: never a URL or a path outside it.
  if (file.empty() || file.find_first_of(":/\\") != std::string::npos || file[0] == '.') return;
  fl_js_download(file.c_str());
}

void open_url(const std::string& url) {
  if (openable_url(url)) fl_js_open_url(url.c_str());
}

std::string save_file(const std::string& file_name, const std::string& mime_type, const std::string& contents,
                      std::string*) {
  fl_js_save_file(file_name.c_str(), mime_type.c_str(), contents.data(), static_cast<int>(contents.size()));
  return "your browser's downloads (" + file_name + ")";
}

void pick_file(const std::string& accept, std::function<void(const std::string&, const std::string&)> done) {
  state().file_picked = std::move(done);
  fl_js_pick_file(accept.c_str());
}

void show_message(Message kind, const std::string& text) {
  fl_js_message(kind == Message::info ? 0 : kind == Message::warning ? 1 : 2, text.c_str());
}

void mark(const std::string& name) { fl_js_mark(name.c_str()); }

void add_test_field(const std::string& name, std::function<std::string()> json) {
  State& s = state();
  s.test_fields.emplace_back(name, std::move(json));
  fl_js_add_test_field(static_cast<int>(s.test_fields.size() - 1), name.c_str());
}

void invalidate_fonts() {
  state().font_scale = 0;
  wake();
}

void run(Hooks hooks) {
  state().hooks = std::move(hooks);
  fl_js_mark("loop");
  fl_js_request_frame();
}

void wake() { keep_drawing(); }

// -----------------------------------------------------------------------------------------
// [SECTION] platform.h: code editor
// -----------------------------------------------------------------------------------------

namespace {

bool same_rect(const EditorRect& a, const EditorRect& b) { return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h; }

std::string editor_string(int which) {
  std::string out(static_cast<std::size_t>(fl_js_editor_string(which)), '\0');
  fl_js_editor_copy(out.data(), static_cast<int>(out.size()));
  out.pop_back();  // the terminating NUL
  return out;
}

std::string theme_json(const EditorTheme& t) {
  // Colours are "#rrggbb" (no character needs escaping).
  std::string json = std::string("{\"dark\":") + (t.dark ? "true" : "false");
  const std::pair<const char*, const std::string*> colours[] = {
      {"background", &t.background}, {"text", &t.text},       {"dim", &t.dim},         {"selection", &t.selection},
      {"gutter", &t.gutter},         {"activeLine", &t.active_line}, {"cursor", &t.cursor}, {"border", &t.border},
      {"danger", &t.danger},         {"keyword", &t.keyword}, {"string", &t.string},   {"number", &t.number},
      {"comment", &t.comment},       {"name", &t.name},       {"builtin", &t.builtin}};
  for (const auto& [key, value] : colours) json += std::string(",\"") + key + "\":\"" + *value + "\"";
  return json + "}";
}

}  // namespace

bool has_native_editor() { return state().editor.attached; }

void editor_place(const EditorRect& box, const EditorRect& visible) {
  EditorMirror& e = state().editor;
  if (!e.attached) return;
  e.placed = true;
  if (e.shown && same_rect(e.box, box) && same_rect(e.visible, visible)) return;
  e.shown = true;
  e.box = box;
  e.visible = visible;
  fl_js_editor_place(1, box.x, box.y, box.w, box.h, visible.x, visible.y, visible.x + visible.w, visible.y + visible.h);
}

void editor_set_document(const std::string& doc_id, const std::string& text, bool read_only) {
  EditorMirror& e = state().editor;
  if (!e.attached || (doc_id == e.doc && text == e.text && read_only == e.read_only)) return;
  if (doc_id != e.doc) e.marker_line = -1;  // the editor clears its marker on a switch: send it again
  e.doc = doc_id;
  e.text = text;
  e.read_only = read_only;
  fl_js_editor_set_document(doc_id.c_str(), text.c_str(), read_only ? 1 : 0);
}

void editor_set_theme(const EditorTheme& theme) {
  EditorMirror& e = state().editor;
  if (!e.attached || (e.themed && e.theme == theme)) return;
  e.themed = true;
  e.theme = theme;
  fl_js_editor_set_theme(theme_json(theme).c_str(), theme.font_px);
}

void editor_set_marker(int line, const std::string& message) {
  EditorMirror& e = state().editor;
  if (!e.attached || (line == e.marker_line && message == e.marker_message)) return;
  e.marker_line = line;
  e.marker_message = message;
  fl_js_editor_set_marker(line, message.c_str());
}

void editor_goto(int line) {
  if (state().editor.attached) fl_js_editor_goto(line);
}

void editor_focus() {
  if (state().editor.attached) fl_js_editor_focus();
}

EditorEvents editor_take_events() {
  EditorMirror& e = state().editor;
  EditorEvents events;
  if (!e.attached) return events;
  const int pending = fl_js_editor_pending();
  if (pending & 1) {
    events.changed_doc = editor_string(0);
    events.text = editor_string(1);
    e.text = events.text;  // the editor holds it already: no need to send it back
  }
  if (pending & 2) events.run_doc = editor_string(2);
  return events;
}

}  // namespace fl::platform

// Called from JavaScript.
extern "C" {

EMSCRIPTEN_KEEPALIVE void fl_web_frame(double now_ms) { fl::platform::frame(now_ms); }

EMSCRIPTEN_KEEPALIVE void fl_web_hiding() {
  auto& hooks = fl::platform::state().hooks;
  if (hooks.hiding) hooks.hiding();
}

EMSCRIPTEN_KEEPALIVE int fl_web_frame_count() { return fl::platform::state().frame_count; }

EMSCRIPTEN_KEEPALIVE const char* fl_web_test_field(int index) {
  auto& s = fl::platform::state();
  s.test_field_json = s.test_fields.at(static_cast<std::size_t>(index)).second();
  return s.test_field_json.c_str();
}

// The persistent folder is ready or changed: IDBFS loaded or reloaded (reloaded = 1), or
// only this tab's right to write changed.
EMSCRIPTEN_KEEPALIVE void fl_web_folder(int persistent, int writer, int reloaded) {
  using namespace fl::platform;
  Folder folder;
  folder.persistent = persistent != 0;
  folder.path = folder.persistent ? "/persist" : "";
  folder.writer = writer != 0;
  folder.reloaded = reloaded != 0;
  if (!folder.persistent) {
    char buf[1024];
    fl_js_storage_problem(buf, sizeof buf);
    folder.problem = buf;
    static bool told = false;  // the page says it once
    if (!told && !folder.problem.empty()) show_message(Message::warning, folder.problem);
    told = true;
  }
  if (state().folder_changed) state().folder_changed(folder);
  keep_drawing();
}

}  // extern "C"

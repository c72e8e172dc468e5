#include "app/ui_session.h"

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "app/progress_session.h"
#include "store/progress_file.h"
#include "ui/app.h"
#include "ui/test_items.h"

namespace fl::app {

namespace {

ui::App& app() {
  static ui::App* instance = new ui::App();  // lives as long as the page or the window
  return *instance;
}

std::string json_string(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void build_fonts(float scale) {
  std::string error;
  if (!app().build_fonts(scale, &error)) platform::show_message(platform::Message::warning, error);
}

platform::EditorTheme editor_theme(const ui::EditorLook& look) {
  platform::EditorTheme t;
  t.dark = look.dark;
  t.background = look.background;
  t.text = look.text;
  t.dim = look.dim;
  t.selection = look.selection;
  t.gutter = look.gutter;
  t.active_line = look.active_line;
  t.cursor = look.cursor;
  t.border = look.border;
  t.danger = look.danger;
  t.keyword = look.keyword;
  t.string = look.string;
  t.number = look.number;
  t.comment = look.comment;
  t.name = look.name;
  t.builtin = look.builtin;
  t.font_px = look.font_px;
  return t;
}

// The platform's editor (the web's CodeMirror) follows the frame's request: shown over the
// rectangle the view reserved, with the draft; no request this frame hides it.
void place_editor() {
  auto go = app().take_editor_goto();
  auto request = app().take_editor_request();
  if (!request || !platform::has_native_editor()) return;
  platform::editor_set_theme(editor_theme(request->look));
  platform::editor_set_document(request->doc_id, app().draft_or_starter(request->doc_id), request->read_only);
  platform::editor_set_marker(request->marker.line, request->marker.message);
  const platform::EditorRect box{request->min.x, request->min.y, request->max.x - request->min.x,
                                 request->max.y - request->min.y};
  const platform::EditorRect visible{request->clip_min.x, request->clip_min.y, request->clip_max.x - request->clip_min.x,
                                     request->clip_max.y - request->clip_min.y};
  platform::editor_place(box, visible);
  if (go && go->first == request->doc_id) platform::editor_goto(go->second);
}

// Carries out what the views asked the platform for during the frame.
void serve_requests() {
  if (auto target = app().frame()) platform::navigate(*target, /*replace=*/false);
  place_editor();
  if (app().take_fonts_changed()) platform::invalidate_fonts();
  if (auto url = app().take_url_to_open()) platform::open_url(*url);
  if (auto file = app().take_download()) platform::download(*file);
  if (app().take_over_requested()) platform::take_over();
  if (auto file = app().take_file_to_save()) {
    std::string error;
    const std::string where = platform::save_file(file->name, file->mime_type, file->contents, &error);
    app().file_saved(where, error);
  }
  if (auto mode = app().take_import_request()) {
    platform::pick_file(".json,application/json", [mode = *mode](const std::string& name, const std::string& contents) {
      app().import_progress(name, contents, mode);
      platform::wake();
    });
  }
}

bool frame() {
  std::string route;
  if (platform::poll_route(&route)) {
    if (route.empty() || route == "#")
      platform::navigate(app().route_to_restore(), /*replace=*/true);
    else
      app().open_route(route);
  }
  const platform::SaveStatus save = platform::save_status();
  app().set_save_state(save.persistent && progress_kept(), save.saved && progress_kept(), save.syncs_in_flight);
  const platform::EditorEvents edits = platform::editor_take_events();
  if (!edits.changed_doc.empty()) app().edit_draft(edits.changed_doc, edits.text);
  if (!edits.run_doc.empty()) app().request_run(edits.run_doc);
  serve_requests();
  return app().wants_frames() || app().busy();  // a lab run is stepped a slice per frame
}

void after_frame() {
  ui::end_test_frame();
  static std::string title;  // set only when it changes (a DOM write on the web)
  if (std::string now = app().page_title(); now != title) {
    title = std::move(now);
    platform::set_title(title);
  }
  static bool was_ready = false;
  if (app().ready() && !was_ready) platform::mark("ready");
  was_ready = app().ready();
}

// The lab workspace on the route, for browser tests: its run state, progress and results
// (null on other pages).
std::string workspace_json() {
  const ui::AppState& s = app().state();
  const ui::Workspace* ws = nullptr;
  if (s.route_valid && s.route.page == ui::Page::playground) ws = app().workspace("playground");
  if (s.route_valid && s.route.page == ui::Page::item && s.route.kind == course::ItemKind::lab && s.outline)
    if (const course::OutlineItem* item = s.outline->find(s.route.kind, s.route.number))
      ws = app().workspace("lab:" + item->id);
  if (!ws || !ws->session) return "null";
  const ui::LabSession& session = *ws->session;
  const ui::RunProgress p = session.progress();
  nlohmann::json j;
  j["doc"] = ws->doc_id;
  j["state"] = ui::to_string(session.phase());
  j["kind"] = ui::to_string(session.kind());
  j["generation"] = session.generation();
  j["stopped"] = session.stopped();
  j["seed"] = ws->seed;
  j["tab"] = ui::to_string(ws->tab);
  j["progress"] = {{"seed_index", p.seed_index}, {"seed_count", p.seed_count}, {"reached_us", p.reached},
                   {"limit_us", p.limit}, {"requests", p.requests}};
  j["console_lines"] = ws->console.lines().size();
  const ui::KeptRun* failed = session.failed_run();
  j["error_line"] = failed ? failed->facts.line : 0;
  j["status"] = session.report() ? grade::to_string(session.report()->status) : "";
  j["digest"] = session.report() ? session.report()->trace_digest : "";
  j["results"] = session.results_json();
  j["shown_seed"] = session.shown_run() ? session.shown_run()->seed : 0;
  j["focus"] = ws->focus_events;
  j["timeline_selection"] = ws->timeline_selection;
  j["timeline_requests"] = ws->timeline.requests.size();  // what the timeline can draw now
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// window.faultlineTest's app fields (the contract in ARCHITECTURE.md).
void install_test_fields() {
  ui::install_test_hooks();
  platform::add_test_field("ready", [] { return std::string(app().ready() ? "true" : "false"); });
  platform::add_test_field("route", [] { return json_string(app().state().route_hash); });
  platform::add_test_field("writer", [] { return std::string(app().state().save.writer ? "true" : "false"); });
  platform::add_test_field("widgets", [] { return ui::published_items_json(); });
  // Ctrl/Cmd+Enter presses the app has seen (the editor's own state is the platform's `editor`).
  platform::add_test_field("editorRuns", [] { return std::to_string(app().run_requests()); });
  platform::add_test_field("lab", workspace_json);
  // The progress this tab sees, as a progress file (the browser tests' view of the store).
  platform::add_test_field("progress", [] {
    return app().database() ? store::export_progress(*app().database(), 0) : std::string("null");
  });
}

}  // namespace

int run_ui(const UiOptions& options) {
  std::string error;
  if (!platform::init(options.platform, &error)) {
    platform::show_message(platform::Message::error, error);
    return 1;
  }
  install_test_fields();
  app().load(platform::bundle_dir(), platform::name());
  platform::mark("content");
  app().set_native_editor(platform::has_native_editor());
  const std::string route = platform::current_route();
  if (!route.empty() && route != "#") app().open_route(route);
  open_progress(app(), options.db_path);
  platform::run({build_fonts, [] { ui::begin_test_frame(); }, frame, after_frame, [] { app().store_pending(); }});
  return 0;
}

}  // namespace fl::app

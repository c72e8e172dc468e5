#include "ui/app.h"

#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "course/course.h"
#include "grade/lab_check.h"
#include "lab/package.h"
#include "store/drafts.h"
#include "grade/results.h"
#include "store/progress.h"
#include "store/submissions.h"
#include "ui/licences.h"
#include "ui/page_title.h"
#include "ui/reading.h"
#include "ui/test_items.h"
#include "ui/views.h"

namespace fl::ui {

void App::load(const std::string& bundle_dir, std::string platform_name) {
  bundle_dir_ = bundle_dir;
  state_.platform = std::move(platform_name);
  apply_theme(state_.theme);

  load_content();
  state_.licences = load_licences(bundle_dir + "/licenses", &state_.licence_error);
}

namespace {

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

// For the drafts' debounce: only intervals matter.
double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

const std::string kNoStarter;

std::string errors_of(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items())
    if (d.severity == Severity::error) out += d.to_string() + "\n";
  return out;
}

// "0.400 0.560 1": the workspace's splits as fractions, and whether the brief is open.
std::string layout_setting(const WorkspaceLayout& l) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f %.3f %d", static_cast<double>(l.brief_width),
                static_cast<double>(l.upper_height), l.brief_open ? 1 : 0);
  return text;
}

WorkspaceLayout layout_from_setting(const std::string& text) {
  WorkspaceLayout l;
  float width = 0, height = 0;
  int open = 1;
  if (std::sscanf(text.c_str(), "%f %f %d", &width, &height, &open) == 3 && width >= 0.15f && width <= 0.85f &&
      height >= 0.15f && height <= 0.85f) {
    l.brief_width = width;
    l.upper_height = height;
    l.brief_open = open != 0;
  }
  return l;
}

}  // namespace

// The same loader as `faultline check`, over the bundle: a broken file leaves its item out
// (and says why) while the rest of the course still works.
void App::load_content() {
  Diagnostics diags;
  auto course = course::load_course(bundle_dir_, diags);
  if (!course) {
    state_.outline_error = errors_of(diags);
    return;
  }
  state_.content_error = errors_of(diags);
  state_.outline = std::move(course->outline);
  state_.lessons = std::move(course->lessons);
  state_.quizzes = std::move(course->quizzes);
  for (const auto& item : state_.outline->items)
    if (item.kind == course::ItemKind::lab && !item.planned)
      state_.labs[item.id] = load_workspace("lab:" + item.id, item.id, item.dir);
  // The playground is the bundle's lab of kind "playground" (not an outline item).
  for (const DirEntry& e : list_directory(bundle_dir_ + "/labs")) {
    if (e.kind != DirEntry::Kind::directory) continue;
    Diagnostics lab_diags;
    auto pkg = lab::load_learner_package(bundle_dir_ + "/labs/" + e.name, "labs/" + e.name, lab_diags);
    if (pkg && pkg->lab && pkg->lab->playground()) {
      state_.playground = load_workspace("playground", "", e.name);
      break;
    }
  }
  // The playground's editor starts from its starter code too.
  state_.playground_starter = state_.playground.starter;
}

const std::string& starter_code(const AppState& state, const std::string& doc_id) {
  if (doc_id == "playground") return state.playground_starter;
  if (doc_id.rfind("lab:", 0) == 0) {
    auto lab = state.labs.find(doc_id.substr(4));
    if (lab != state.labs.end()) return lab->second.starter;
  }
  return kNoStarter;
}

const std::string& draft_or_starter(const AppState& state, const std::string& doc_id) {
  auto draft = state.editor.drafts.find(doc_id);
  return draft != state.editor.drafts.end() ? draft->second : starter_code(state, doc_id);
}

// A lab folder of the bundle: the files its page shows and the workspace that runs it. The
// loader of `faultline check` and `grade` (one walk, one parse, the same rules and lab hash),
// less the reference and naive solutions the bundle never holds.
LabFiles App::load_workspace(const std::string& doc_id, const std::string& item_id, const std::string& folder) {
  LabFiles lab;
  const std::string display = "labs/" + folder;
  Workspace& ws = state_.workspaces[doc_id];
  ws.doc_id = doc_id;
  ws.item_id = item_id;
  ws.dir = display;
  Diagnostics diags;
  auto loaded = grade::load_learner_graded_lab(bundle_dir_ + "/" + display, display, diags);
  if (!loaded) {
    lab.error = diags.to_string();
    ws.error = lab.error;
    return lab;
  }
  const lab::LabPackage& package = loaded->package;
  for (const char* name : {"lab.json", "brief.md", "starter.lua"})
    if (const std::string* text = package.text(name)) lab.files.emplace_back(name, *text);
  if (const std::string* brief = package.text("brief.md")) {
    Diagnostics brief_diags;
    lab.brief = course::parse_markdown(*brief, display + "/brief.md", brief_diags);
  } else {
    lab.error += display + "/brief.md: missing\n";
  }
  if (const std::string* starter = package.text("starter.lua"))
    lab.starter = *starter;
  else
    lab.error += display + "/starter.lua: missing\n";
  lab.summary = package.lab->summary;
  auto workspace_lab = make_workspace_lab(*loaded);
  ws.seed = workspace_lab->seeds().empty() ? 0 : workspace_lab->seeds().front();
  ws.session = std::make_unique<LabSession>(std::move(workspace_lab));
  return lab;
}

bool App::build_fonts(float scale, std::string* error) {
  return ui::build_fonts(bundle_dir_ + "/fonts", scale, state_.text_size, &state_.fonts, error);
}

std::string App::page_title() const { return ui::page_title(state_); }

void App::attach_store(std::unique_ptr<store::Database> db, const SaveState& initial) {
  db_ = std::move(db);
  state_.save = initial;
  state_.storage_ready = true;
  read_store();
  if (state_.has_route) persist_route();
}

// Everything the views show from the store, read again (a new store, an import, an erase).
void App::read_store() {
  if (db_) {
    if (auto stored = db_->setting("theme"))
      if (auto theme = theme_from_string(*stored)) {
        state_.theme = *theme;
        apply_theme(state_.theme);
      }
    if (auto stored = db_->setting("text_size"))
      if (auto size = text_size_from_string(*stored)) set_text_size(*size);
    state_.visited_lessons = store::visited_lessons(*db_);
    state_.quiz_summaries = store::quiz_summaries(*db_);
    std::vector<std::string> lesson_ids;
    state_.reading_positions.clear();
    for (const auto& [id, doc] : state_.lessons) {
      lesson_ids.push_back(id);
      if (auto position = reading_position(*db_, id)) state_.reading_positions[id] = *position;
    }
    state_.read_lessons = read_lessons(*db_, lesson_ids);
    if (auto stored = db_->setting("workspace_layout")) state_.workspace_layout = layout_from_setting(*stored);
    refresh_lab_records();
    for (const auto& [id, quiz] : state_.quizzes) refresh_quiz_progress(id);
    // The store's drafts replace this tab's: another tab wrote them, or an import or erase
    // changed them. Edits not stored yet (the last second's) are dropped with the rest.
    state_.editor.drafts = store::load_drafts(*db_);
    autosave_ = DraftAutosave();
  }
  // Attempts opened before the store was ready (or from an older copy) are reopened from it.
  state_.quiz_sessions.clear();
}

void App::set_writer(bool writer, const std::string& reason) {
  state_.save.writer = writer;
  if (writer && state_.store_error == read_only_reason_) state_.store_error.clear();
  read_only_reason_ = reason;
  if (db_) db_->set_read_only(reason);
}

void App::open_route(const std::string& hash) {
  state_.has_route = true;
  state_.route_hash = hash;
  state_.route_valid = false;
  auto route = parse_route(hash);
  if (!route) return;
  if (route->page == Page::item && (!state_.outline || !state_.outline->find(route->kind, route->number))) return;
  persist_reading();  // leaving a lesson: where it stopped is stored now
  save_drafts(true);  // leaving the editor: its draft is stored now
  state_.editor.goto_line.reset();
  state_.route = *route;
  state_.route_valid = true;
  state_.route_hash = to_hash(*route);
  persist_route();
}

std::string App::route_to_restore() const {
  if (db_)
    if (auto stored = db_->setting("last_route"))
      if (auto route = parse_route(*stored))  // an item may have left the course since
        if (route->page != Page::item || (state_.outline && state_.outline->find(route->kind, route->number)))
          return to_hash(*route);
  if (state_.outline && !state_.outline->items.empty()) return item_hash(state_.outline->items.front());
  return "#/about";
}

void App::persist_route() {
  if (!db_ || !state_.route_valid || !state_.save.writer) return;  // a read-only tab records nothing
  std::string error;
  if (db_->setting("last_route") != state_.route_hash && !db_->set_setting("last_route", state_.route_hash, &error))
    state_.store_error = error;
  if (state_.route.page == Page::item && state_.route.kind == course::ItemKind::lesson) {
    const course::OutlineItem* item = state_.outline->find(state_.route.kind, state_.route.number);
    if (item && !item->planned) {
      if (store::record_lesson_visit(*db_, item->id, static_cast<std::int64_t>(std::time(nullptr)), &error))
        state_.visited_lessons.insert(item->id);
      else
        state_.store_error = error;
    }
  }
}

void App::set_text_size(TextSize size) {
  if (size == state_.text_size) return;
  state_.text_size = size;
  fonts_changed_ = true;
  std::string error;
  if (db_ && state_.save.writer && db_->setting("text_size") != to_string(size) &&
      !db_->set_setting("text_size", std::string(to_string(size)), &error))
    state_.store_error = error;
}

// A lesson's first showing in this session scrolls to where the learner stopped last time.
// Called when a lesson route opens; later visits keep the page's own scroll position.
void App::apply(const ReadingReport& report) {
  if (state_.restore_reading && state_.restore_reading->first == report.lesson_id) {
    // Until the stored position is applied, this page's position is not the learner's.
    if (report.restored) state_.restore_reading.reset();
    return;
  }
  if (!state_.save.writer) return;  // a read-only tab records nothing
  std::string error;
  if (report.end_visible && db_ && !state_.read_lessons.count(report.lesson_id)) {
    if (record_lesson_read(*db_, report.lesson_id, now_seconds(), &error))
      state_.read_lessons.insert(report.lesson_id);
    else
      state_.store_error = error;
  }
  const bool same = reading_ && reading_->lesson_id == report.lesson_id && reading_->fraction == report.fraction;
  if (reading_ && !same && reading_->lesson_id != report.lesson_id) persist_reading();
  reading_still_frames_ = same ? reading_still_frames_ + 1 : 0;
  reading_ = report;
  // About a quarter of a second at 60 frames per second, and well before the idle loop stops.
  constexpr int kStillFrames = 12;
  if (reading_still_frames_ == kStillFrames) persist_reading();
}

void App::persist_reading() {
  if (!reading_) return;
  const ReadingReport r = *std::exchange(reading_, std::nullopt);
  reading_still_frames_ = 0;
  if (!db_ || !state_.save.writer) return;
  auto known = state_.reading_positions.find(r.lesson_id);
  const float stored = known != state_.reading_positions.end() ? known->second : 0.0f;  // none: the top
  if (stored == r.fraction) return;
  std::string error;
  if (store_reading_position(*db_, r.lesson_id, r.fraction, &error))
    state_.reading_positions[r.lesson_id] = r.fraction;
  else
    state_.store_error = error;
}

// A quiz is in progress when its latest stored attempt is not submitted.
void App::refresh_quiz_progress(const std::string& quiz_id) {
  if (!db_) return;
  auto latest = store::latest_attempt(*db_, quiz_id);
  if (latest && !latest->submitted)
    state_.quizzes_in_progress.insert(quiz_id);
  else
    state_.quizzes_in_progress.erase(quiz_id);
}

void App::set_theme(Theme theme) {
  if (theme == state_.theme) return;
  state_.theme = theme;
  apply_theme(theme);
  std::string error;
  if (db_ && !db_->set_setting("theme", std::string(to_string(theme)), &error)) state_.store_error = error;
}

std::uint64_t App::fresh_seed() {
  // The UI may read the clock; the core never does. Two attempts in one second still differ.
  const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
  return mix_seed(static_cast<std::uint64_t>(now_seconds()) ^ static_cast<std::uint64_t>(ticks), ++seed_counter_);
}

void App::open_quiz(const std::string& quiz_id) {
  if (!state_.storage_ready || state_.quiz_sessions.count(quiz_id)) return;
  auto quiz = state_.quizzes.find(quiz_id);
  if (quiz == state_.quizzes.end()) return;
  state_.quiz_sessions[quiz_id] = open_session(quiz->second, db_.get(), fresh_seed());
}

void App::apply(const QuizRequest& r) {
  auto quiz = state_.quizzes.find(r.quiz_id);
  auto session = state_.quiz_sessions.find(r.quiz_id);
  if (quiz == state_.quizzes.end() || session == state_.quiz_sessions.end()) return;
  QuizSession& s = session->second;
  switch (r.op) {
    case QuizRequest::Op::toggle: answer(s, db_.get(), r.question, r.option, now_seconds()); break;
    case QuizRequest::Op::submit:
      submit(s, db_.get(), now_seconds());
      if (db_) state_.quiz_summaries = store::quiz_summaries(*db_);
      ++state_.scroll_to_top;  // the result is at the top of the page
      break;
    case QuizRequest::Op::retake:
      retake(s, quiz->second, db_.get(), fresh_seed(), now_seconds());
      ++state_.scroll_to_top;
      break;
  }
  if (!s.error.empty()) state_.store_error = s.error;
  refresh_quiz_progress(r.quiz_id);
}

void App::apply(const DataRequest& r) {
  DataStatus& data = state_.data;
  data.confirm_erase = r.op == DataRequest::Op::ask_erase;
  if (!db_) return;
  std::string error;
  switch (r.op) {
    case DataRequest::Op::export_file: {
      std::tm day{};
      const std::time_t now = std::time(nullptr);
      char name[64] = "faultline-progress.json";
      if (gmtime_r(&now, &day)) std::strftime(name, sizeof name, "faultline-progress-%Y-%m-%d.json", &day);
      file_to_save_ = FileToSave{name, "application/json", store::export_progress(*db_, now_seconds())};
      return;
    }
    case DataRequest::Op::import_merge: import_request_ = store::ImportMode::merge; return;
    case DataRequest::Op::import_replace: import_request_ = store::ImportMode::replace; return;
    case DataRequest::Op::ask_erase:
    case DataRequest::Op::cancel_erase: data.message.clear(); return;
    case DataRequest::Op::erase:
      data.failed = !store::erase_progress(*db_, &error);
      data.message = data.failed ? "Nothing was erased: " + error : "All progress in this browser was erased.";
      read_store();
      return;
  }
}

void App::import_progress(const std::string& file_name, const std::string& contents, store::ImportMode mode) {
  DataStatus& data = state_.data;
  if (!db_) return;
  store::ImportCounts counts;
  std::string error;
  data.failed = !store::import_progress(*db_, contents, file_name, mode, &counts, &error);
  if (data.failed) {
    data.message = "Nothing was imported.\n" + error;
    return;
  }
  data.message = "Imported " + file_name + ": " + std::to_string(counts.added) + " records added" +
                 (mode == store::ImportMode::merge ? ", " + std::to_string(counts.skipped) + " already here." : ".");
  read_store();
}

void App::file_saved(const std::string& where, const std::string& error) {
  state_.data.failed = where.empty();
  state_.data.message = where.empty() ? "The export could not be saved: " + error : "Exported to " + where + ".";
}

void App::edit_draft(const std::string& doc_id, const std::string& text) {
  if (!state_.storage_ready || !state_.save.writer) return;  // the editor is read-only then
  state_.editor.drafts[doc_id] = text;
  autosave_.edited(doc_id, steady_seconds());
}

void App::save_drafts(bool all) {
  if (!autosave_.pending()) return;
  for (const std::string& doc_id : autosave_.take_due(steady_seconds(), all)) {
    auto draft = state_.editor.drafts.find(doc_id);
    std::string error;
    if (db_ && draft != state_.editor.drafts.end() && !store::save_draft(*db_, doc_id, draft->second, &error))
      state_.store_error = error;
  }
}

void App::reset_draft(const std::string& doc_id) {
  if (!state_.save.writer) {
    state_.store_error = read_only_reason_;
    return;
  }
  autosave_.forget(doc_id);
  state_.editor.drafts.erase(doc_id);
  std::string error;
  if (db_ && !store::delete_draft(*db_, doc_id, &error)) state_.store_error = error;
}

// The editor's requests of this frame, and its one-frame state from the last one.
void App::apply_editor(Actions& actions) {
  editor_request_ = std::move(actions.editor);
  if (actions.editor_edit) edit_draft(actions.editor_edit->first, actions.editor_edit->second);
  if (actions.reset_draft) reset_draft(*actions.reset_draft);
  if (actions.editor_run) request_run(*actions.editor_run);
  if (actions.editor_goto_done) state_.editor.goto_line.reset();
  if (actions.editor_goto && !state_.editor.native) state_.editor.goto_line = actions.editor_goto;  // the desktop box
  editor_goto_ = std::move(actions.editor_goto);                           // the platform's editor, after this frame
  save_drafts(false);
}

std::optional<std::string> App::frame() {
  step_workspaces();
  // The quiz on screen has a session (opened from the store once the store is ready).
  if (state_.route_valid && state_.route.page == Page::item &&
      (state_.route.kind == course::ItemKind::quiz || state_.route.kind == course::ItemKind::test))
    if (const course::OutlineItem* item = state_.outline->find(state_.route.kind, state_.route.number))
      open_quiz(item->id);
  // A lesson opened for the first time in this session resumes where the learner stopped.
  if (state_.storage_ready && state_.route_valid && state_.route.page == Page::item &&
      state_.route.kind == course::ItemKind::lesson)
    if (const course::OutlineItem* item = state_.outline->find(state_.route.kind, state_.route.number))
      if (lessons_shown_.insert(item->id).second) {
        auto stored = state_.reading_positions.find(item->id);
        if (stored != state_.reading_positions.end() && stored->second > 0)
          state_.restore_reading = std::make_pair(item->id, stored->second);
      }
  const bool had_jump = state_.jump_to_heading.has_value();
  const std::string run_requested = state_.editor.run_requested;
  Actions actions;
  ViewContext ctx{state_, actions, palette(state_.theme), state_.fonts};
  draw_shell(ctx);
  // A run asked for before this frame was seen by it (one asked for during it stays).
  if (state_.editor.run_requested == run_requested) state_.editor.run_requested.clear();
  apply_editor(actions);
  if (had_jump) state_.jump_to_heading.reset();  // the lesson view scrolled to it this frame
  if (actions.jump_to_heading) state_.jump_to_heading = std::move(actions.jump_to_heading);
  if (actions.reading) apply(*actions.reading);
  else persist_reading();  // no lesson on screen
  if (actions.text_size) set_text_size(*actions.text_size);
  if (actions.theme) set_theme(*actions.theme);
  if (actions.quiz) {
    if (state_.save.writer)
      apply(*actions.quiz);
    else
      state_.store_error = read_only_reason_;  // nothing changes here: the other tab writes
  }
  if (actions.open_url) url_to_open_ = std::move(actions.open_url);
  if (actions.open_download) download_ = std::move(actions.open_download);
  if (actions.data) apply(*actions.data);
  if (actions.take_over) take_over_ = true;
  if (actions.timeline_selection) {
    auto it = state_.workspaces.find(actions.timeline_selection->first);
    if (it != state_.workspaces.end()) it->second.timeline_selection = std::move(actions.timeline_selection->second);
  }
  if (actions.workspace_layout) {
    state_.workspace_layout = *actions.workspace_layout;
    if (actions.workspace_layout_done) store_layout();
  }
  if (actions.workspace) apply(*actions.workspace);
  if (!actions.navigate || *actions.navigate == state_.route_hash) return std::nullopt;
  return std::move(*actions.navigate);
}

}  // namespace fl::ui

namespace fl::ui {

// ---- The lab workspace ----------------------------------------------------------------------

namespace {

// The frame's share of a running lab: enough that Run of lab 2's reference finishes within a
// second, small enough that a 60 Hz frame keeps its rhythm (wall clock: outside the core).
constexpr auto kStepBudget = std::chrono::microseconds(6000);

}  // namespace

bool App::busy() const {
  for (const auto& [id, ws] : state_.workspaces)
    if (ws.session && ws.session->phase() == RunPhase::running) return true;
  return false;
}

const Workspace* App::workspace(const std::string& doc_id) const {
  auto it = state_.workspaces.find(doc_id);
  return it == state_.workspaces.end() ? nullptr : &it->second;
}

void App::step_workspaces() {
  for (auto& [id, ws] : state_.workspaces) {
    if (!ws.session) continue;
    LabSession& session = *ws.session;
    if (session.phase() == RunPhase::running) {
      const auto deadline = std::chrono::steady_clock::now() + kStepBudget;
      session.step([&] { return std::chrono::steady_clock::now() >= deadline; });
      if (session.phase() == RunPhase::done && session.kind() == RunKind::submit) record_submission(ws);
    }
    const sim::Journal* journal = session.live_journal();
    if (!journal)
      if (const KeptRun* run = session.shown_run()) journal = run->journal;
    ws.console.update(journal);
    update_timeline(ws, journal);
  }
}

// The timeline follows the shown journal: at once when another journal is shown (a new run,
// a check's seed) or the run finished, else while it grows at most every kTimelineRebuild.
void App::update_timeline(Workspace& ws, const sim::Journal* journal) {
  constexpr double kTimelineRebuild = 0.25;  // seconds: cheap next to a run's own cost
  if (!journal) {
    if (ws.timeline_source) ws.timeline = TimelineModel();
    ws.timeline_source = nullptr;
    return;
  }
  const bool other = journal != ws.timeline_source;
  const bool grew = journal->size() != ws.timeline_events;
  const bool running = journal == ws.session->live_journal();
  const double now = steady_seconds();
  if (!other && (!grew || (running && now - ws.timeline_built_at < kTimelineRebuild))) return;
  // The model is rebuilt whole: while a run goes on, only as long as that fits in a frame
  // beside the run's own slice (a long run's timeline then waits for its end).
  constexpr double kLiveBuildBudget = 0.008;
  if (!other && running && ws.timeline_build_cost > kLiveBuildBudget) return;
  ws.timeline = build_timeline(*journal, *ws.session->lab().lab->world);
  ws.timeline_source = journal;
  ws.timeline_events = journal->size();
  ws.timeline_built_at = now;
  ws.timeline_build_cost = steady_seconds() - now;
}

void App::apply(const WorkspaceRequest& r) {
  auto it = state_.workspaces.find(r.doc_id);
  if (it == state_.workspaces.end() || !it->second.session) return;
  Workspace& ws = it->second;
  LabSession& session = *ws.session;
  using Op = WorkspaceRequest::Op;
  switch (r.op) {
    case Op::run:
    case Op::submit:
      if (r.op == Op::submit && (session.lab().playground() || !state_.save.writer)) {
        if (!state_.save.writer) state_.store_error = read_only_reason_;
        return;
      }
      session.start(r.op == Op::run ? RunKind::run : RunKind::submit, draft_or_starter(ws.doc_id), ws.seed);
      ws.hints_shown.clear();
      ws.focus_events.clear();
      ws.confirm_reset = false;
      if (ws.tab == WorkspaceTab::metrics && session.lab().playground()) ws.tab = WorkspaceTab::timeline;
      return;
    case Op::stop: session.stop(); return;
    case Op::pick_seed: ws.seed = r.seed; return;
    case Op::show_tab: ws.tab = r.tab; return;
    case Op::show_evidence: {
      const auto& report = session.report();
      if (!report) return;
      for (const grade::TestResult& t : report->tests) {
        if (t.id != r.check) continue;
        session.show_seed(t.evidence_seed);
        ws.focus_seed = t.evidence_seed;
        ws.focus_events = t.evidence;
        ++ws.focus_generation;
        ws.tab = WorkspaceTab::timeline;
      }
      return;
    }
    case Op::reveal_hint: ++ws.hints_shown[r.check]; return;
    case Op::ask_reset: ws.confirm_reset = true; return;
    case Op::cancel_reset: ws.confirm_reset = false; return;
    case Op::confirm_reset: ws.confirm_reset = false; return;
    case Op::console_level: ws.console_level = r.level; return;
    case Op::download_code:
      file_to_save_ = FileToSave{kEditorSolution, "text/x-lua", session.code()};
      return;
    case Op::download_results:
      if (!session.results_json().empty())
        file_to_save_ = FileToSave{"results.json", "application/json", session.results_json() + "\n"};
      return;
    case Op::download_lab_file: {
      const LabFiles* files = ws.item_id.empty() ? &state_.playground : nullptr;
      if (!files)
        if (auto lab = state_.labs.find(ws.item_id); lab != state_.labs.end()) files = &lab->second;
      if (!files) return;
      for (const auto& [name, text] : files->files)
        if (name == r.file) file_to_save_ = FileToSave{name, "text/plain", text};
      return;
    }
    case Op::toggle_brief:
      state_.workspace_layout.brief_open = !state_.workspace_layout.brief_open;
      store_layout();
      return;
  }
}

// A finished Submit is stored with its results JSON, as `faultline grade --db` stores it.
void App::record_submission(Workspace& ws) {
  const auto& report = ws.session->report();
  if (!db_ || !report) return;
  store::Submission s;
  s.lab_id = report->lab_id;
  s.solution = report->solution;
  s.code = ws.session->code();
  s.status = grade::to_string(report->status);
  s.score = report->score;
  s.max_score = report->max_score;
  s.lab_hash = report->lab_hash;
  s.trace_digest = report->trace_digest;
  s.results_json = ws.session->results_json();
  s.submitted_at = now_seconds();
  std::string error;
  if (!store::add_submission(*db_, s, &error)) state_.store_error = error;
  refresh_lab_records();
}

void App::refresh_lab_records() {
  state_.lab_records.clear();
  if (!db_) return;
  for (const store::Submission& s : store::list_submissions(*db_, "")) {
    LabRecord& r = state_.lab_records[s.lab_id];
    ++r.attempts;
    r.passed = r.passed || s.status == "pass";
    r.best_score = std::max(r.best_score, s.score);
    r.max_score = std::max(r.max_score, s.max_score);
  }
}

void App::store_layout() {
  std::string error;
  const std::string text = layout_setting(state_.workspace_layout);
  if (db_ && state_.save.writer && db_->setting("workspace_layout") != text &&
      !db_->set_setting("workspace_layout", text, &error))
    state_.store_error = error;
}

}  // namespace fl::ui

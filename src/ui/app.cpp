#include "ui/app.h"

#include <imgui.h>

#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "course/course.h"
#include "lab/package.h"
#include "store/drafts.h"
#include "store/progress.h"
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
  for (const auto& item : state_.outline->items) {
    if (item.kind != course::ItemKind::lab || item.planned) continue;
    LabFiles& lab = state_.labs[item.id];
    const std::string dir = bundle_dir_ + "/labs/" + item.dir;
    // The lab loader of `faultline check` and `run`: one walk, one parse, the same rules.
    Diagnostics lab_diags;
    auto package = lab::load_learner_package(dir, "labs/" + item.dir, lab_diags);
    if (!package) {
      lab.error += lab_diags.to_string();
      continue;
    }
    if (const std::string* brief = package->text("brief.md")) {
      Diagnostics brief_diags;
      lab.brief = course::parse_markdown(*brief, "labs/" + item.dir + "/brief.md", brief_diags);
    } else {
      lab.error += "labs/" + item.dir + "/brief.md: missing\n";
    }
    if (const std::string* starter = package->text("starter.lua"))
      lab.starter = *starter;
    else
      lab.error += "labs/" + item.dir + "/starter.lua: missing\n";
    lab.summary = package->lab->summary;
  }
  // The playground's editor starts from its starter code too.
  Diagnostics playground_diags;
  if (auto playground = lab::load_learner_package(bundle_dir_ + "/labs/00-playground", "labs/00-playground",
                                                  playground_diags))
    if (const std::string* starter = playground->text("starter.lua")) state_.playground_starter = *starter;
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
  if (actions.data) apply(*actions.data);
  if (actions.take_over) take_over_ = true;
  if (!actions.navigate || *actions.navigate == state_.route_hash) return std::nullopt;
  return std::move(*actions.navigate);
}

}  // namespace fl::ui

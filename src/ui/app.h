#pragma once
// The UI's state and controller. Holds what the views read (the course outline, the open
// route, theme, progress marks, save status, licence notices) and applies what they ask for
// (navigation, theme) to the progress store. Platform-free: the app layer feeds it events
// (route changes, storage, save status) and carries out its requests (navigation).
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>


#include "course/markdown.h"
#include "course/outline.h"
#include "course/quiz.h"
#include "store/attempts.h"
#include "store/database.h"
#include "store/progress_file.h"
#include "ui/draft_autosave.h"
#include "ui/editor_state.h"
#include "ui/fonts.h"
#include "ui/quiz_session.h"
#include "ui/route.h"
#include "ui/theme.h"

namespace fl::ui {

struct SaveState {
  bool persistent = false;  // progress survives a reload
  bool saved = true;        // every commit has reached persistent storage
  int syncs_in_flight = 0;
  bool writer = true;   // false: another browser tab holds the write lock (this one reads only)
  std::string problem;  // why progress is not kept (shown in the top bar and settings)
};

// "Your data" in #/settings: the last export, import or erase, for the learner.
struct DataStatus {
  bool confirm_erase = false;  // the erase button was pressed once: ask before erasing
  bool failed = false;
  std::string message;
};

// A file the app wants the learner to save (the platform offers it as a download).
struct FileToSave {
  std::string name, mime_type, contents;
};

struct Licence {
  std::string id, name, version, licence, used_for, text;
};

// A lab's learner-facing files as the lab view shows them (bundle: labs/<dir>/).
struct LabFiles {
  course::Document brief;
  std::string starter;  // starter.lua
  std::string summary;  // lab.json's summary
  std::string error;    // what could not be read
};

struct AppState {
  std::string platform;  // "web" or "desktop"
  std::optional<course::Outline> outline;
  std::string outline_error;
  // Content of the ready items, by outline item id (course::load_course over the bundle).
  std::map<std::string, course::Document> lessons;
  std::map<std::string, course::Quiz> quizzes;  // quizzes and the module test
  std::map<std::string, LabFiles> labs;
  std::string content_error;  // problems loading lessons, quizzes or labs

  // Quizzes and the module test: the attempt on screen (by item id) and the stored bests.
  std::map<std::string, QuizSession> quiz_sessions;
  std::map<std::string, store::QuizSummary> quiz_summaries;
  int scroll_to_top = 0;  // bumped when the page should scroll to its top (a quiz submitted)

  bool has_route = false;  // false until a route is known (hash, or restored from the store)
  bool route_valid = false;
  Route route;
  std::string route_hash;  // canonical when valid, as given otherwise

  bool storage_ready = false;
  SaveState save;
  std::string store_error;  // last failed write

  Theme theme = Theme::dark;
  TextSize text_size = TextSize::normal;
  std::set<std::string> visited_lessons;  // lesson ids opened
  std::set<std::string> read_lessons;     // lesson ids whose end was on screen
  std::set<std::string> quizzes_in_progress;  // quiz ids with an unsubmitted stored attempt

  // Reading position: restored once per lesson and session (the page's own scroll position
  // takes over after that), and a jump to a heading asked for by the lesson's outline.
  std::map<std::string, float> reading_positions;  // lesson id -> fraction of the scroll range
  std::optional<std::pair<std::string, float>> restore_reading;  // lesson id, fraction
  std::optional<std::pair<std::string, int>> jump_to_heading;    // lesson id, heading index

  DataStatus data;

  EditorState editor;              // the code editor's drafts and requests (ui/code_editor.h)
  std::string playground_starter;  // labs/00-playground/starter.lua

  std::vector<Licence> licences;
  std::string licence_error;
  Fonts fonts;
};

// The starter code of an editor document ("lab:<item id>" or "playground"; "" if unknown), and
// the text the editor shows: the stored draft, else the starter.
const std::string& starter_code(const AppState& state, const std::string& doc_id);
const std::string& draft_or_starter(const AppState& state, const std::string& doc_id);

// What views ask for during a frame; applied by App::frame after drawing.
struct QuizRequest {
  enum class Op { toggle, submit, retake } op = Op::toggle;
  std::string quiz_id;
  std::size_t question = 0, option = 0;  // toggle: presented indices
};

// A lesson on screen, as its view saw it this frame.
struct ReadingReport {
  std::string lesson_id;
  float fraction = 0;         // scroll position in the page's scroll range (0 at the top)
  bool end_visible = false;   // the lesson's last line is on screen
  bool restored = false;      // the stored position was applied (or there was nothing to scroll)
};

struct DataRequest {
  enum class Op { export_file, import_merge, import_replace, ask_erase, cancel_erase, erase } op;
};

struct Actions {
  std::optional<std::string> navigate;  // a route hash
  std::optional<Theme> theme;
  std::optional<TextSize> text_size;
  std::optional<ReadingReport> reading;
  std::optional<std::pair<std::string, int>> jump_to_heading;  // lesson id, heading index
  std::optional<QuizRequest> quiz;
  std::optional<std::string> open_url;  // a link the learner clicked (the platform opens it)
  std::optional<DataRequest> data;
  bool take_over = false;  // "Use here": this tab should become the one that writes
  // The code editor (ui/code_editor.h).
  std::optional<EditorRequest> editor;                                // web: show the platform's editor
  std::optional<std::pair<std::string, std::string>> editor_edit;     // desktop box: doc id, new text
  std::optional<std::string> editor_run;                              // desktop box: Ctrl+Enter in doc id
  std::optional<std::string> reset_draft;                             // doc id: back to its starter (after the view asked)
  std::optional<std::pair<std::string, int>> editor_goto;             // doc id, line: move the editor's cursor there
  bool editor_goto_done = false;  // desktop box: it moved its cursor to EditorState::goto_line
};

class App {
 public:
  // Reads the outline and licence notices from the bundle folder (content/, licenses/).
  void load(const std::string& bundle_dir, std::string platform_name);
  // Rebuilds the font atlas at `scale` device pixels per CSS pixel (outside a frame).
  bool build_fonts(float scale, std::string* error);
  // True once after the text size changed: the platform must rebuild the atlas.
  bool take_fonts_changed() { return std::exchange(fonts_changed_, false); }
  // "Lesson 2: Rate limits · Faultline": the document or window title for the route.
  std::string page_title() const;

  // The progress store is open (or could not be: db is an in-memory fallback).
  void attach_store(std::unique_ptr<store::Database> db, const SaveState& initial);
  // The platform's current save status (the problem text given at attach_store is kept).
  void set_save_state(bool persistent, bool saved, int syncs_in_flight) {
    state_.save.persistent = persistent;
    state_.save.saved = saved;
    state_.save.syncs_in_flight = syncs_in_flight;
  }

  // Another tab took the write lock (false) or this one got it (true); `reason` is the error
  // writes give meanwhile.
  void set_writer(bool writer, const std::string& reason);

  // The URL's route changed (deep link, back/forward, or a navigation the app asked for).
  void open_route(const std::string& hash);
  // Where to go when the URL names no route: the stored last route, else the first item.
  std::string route_to_restore() const;

  // Draws one frame (between ImGui::NewFrame and ImGui::Render). Returns a route to navigate
  // to, if a view asked for one.
  std::optional<std::string> frame();
  // A URL a view asked to open during the last frame (once).
  std::optional<std::string> take_url_to_open() { return std::exchange(url_to_open_, std::nullopt); }
  // Requests for the platform from the last frame (once each): a file to save, a file to
  // pick for import (the mode to import it with), taking the write lock.
  std::optional<FileToSave> take_file_to_save() { return std::exchange(file_to_save_, std::nullopt); }
  std::optional<store::ImportMode> take_import_request() { return std::exchange(import_request_, std::nullopt); }
  bool take_over_requested() { return std::exchange(take_over_, false); }
  // A picked file's contents, imported with `mode`; the result shows in #/settings.
  void import_progress(const std::string& file_name, const std::string& contents, store::ImportMode mode);
  // Where an exported file went ("" with `error` when it could not be saved).
  void file_saved(const std::string& where, const std::string& error);

  // The code editor. The platform has its own (the web's CodeMirror) or not (an ImGui box).
  void set_native_editor(bool native) { state_.editor.native = native; }
  const std::string& draft_or_starter(const std::string& doc_id) const { return ui::draft_or_starter(state_, doc_id); }
  // The learner edited a document (the platform's editor); the draft is stored about a second
  // after the last edit, or when the route changes.
  void edit_draft(const std::string& doc_id, const std::string& text);
  // Ctrl/Cmd+Enter in the platform's editor: state().editor.run_requested for the next frame.
  void request_run(const std::string& doc_id) {
    state_.editor.run_requested = doc_id;
    ++run_requests_;
  }
  int run_requests() const { return run_requests_; }  // since start (the test hook shows it)
  // From the last frame (once each): where the platform's editor goes (none: hide it), and a
  // line to move its cursor to.
  std::optional<EditorRequest> take_editor_request() { return std::exchange(editor_request_, std::nullopt); }
  std::optional<std::pair<std::string, int>> take_editor_goto() { return std::exchange(editor_goto_, std::nullopt); }
  // True while something needs frames without input (a draft waiting to be stored).
  bool wants_frames() const { return autosave_.pending(); }
  // The page is being hidden or closed: store what waits (drafts) now.
  void store_pending() { save_drafts(true); }

  bool ready() const { return state_.storage_ready && state_.has_route; }
  const store::Database* database() const { return db_.get(); }
  const AppState& state() const { return state_; }

 private:
  void persist_route();
  void set_theme(Theme theme);
  void set_text_size(TextSize size);
  void apply(const ReadingReport& report);
  void persist_reading();
  void refresh_quiz_progress(const std::string& quiz_id);
  void load_content();
  void open_quiz(const std::string& quiz_id);
  void apply(const QuizRequest& request);
  void apply(const DataRequest& request);
  void read_store();
  std::uint64_t fresh_seed();
  void apply_editor(Actions& actions);
  void save_drafts(bool all);
  void reset_draft(const std::string& doc_id);

  AppState state_;
  std::unique_ptr<store::Database> db_;
  std::string bundle_dir_;
  std::optional<std::string> url_to_open_;
  std::optional<FileToSave> file_to_save_;
  std::optional<store::ImportMode> import_request_;
  bool take_over_ = false;
  std::string read_only_reason_;
  std::uint64_t seed_counter_ = 0;
  bool fonts_changed_ = false;
  // The reading position last reported and for how many frames it has not moved: it is
  // stored once it rests (or the lesson is left), not on every scrolled frame.
  std::optional<ReadingReport> reading_;
  int reading_still_frames_ = 0;
  std::set<std::string> lessons_shown_;  // lessons opened in this session
  DraftAutosave autosave_;
  int run_requests_ = 0;
  std::optional<EditorRequest> editor_request_;
  std::optional<std::pair<std::string, int>> editor_goto_;
};

}  // namespace fl::ui

#include "ui/app.h"

#include <imgui.h>

#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "base/files.h"
#include "course/course.h"
#include "lab/package.h"
#include "store/progress.h"
#include "ui/licences.h"
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
}

bool App::build_fonts(float scale, std::string* error) {
  return ui::build_fonts(bundle_dir_ + "/fonts", scale, &state_.fonts, error);
}

void App::attach_store(std::unique_ptr<store::Database> db, const SaveState& initial) {
  db_ = std::move(db);
  state_.save = initial;
  state_.storage_ready = true;
  if (db_) {
    if (auto stored = db_->setting("theme"))
      if (auto theme = theme_from_string(*stored)) {
        state_.theme = *theme;
        apply_theme(state_.theme);
      }
    state_.visited_lessons = store::visited_lessons(*db_);
    state_.quiz_summaries = store::quiz_summaries(*db_);
  }
  // Attempts opened before the store was ready are reopened from it.
  state_.quiz_sessions.clear();
  if (state_.has_route) persist_route();
}

void App::open_route(const std::string& hash) {
  state_.has_route = true;
  state_.route_hash = hash;
  state_.route_valid = false;
  auto route = parse_route(hash);
  if (!route) return;
  if (route->page == Page::item && (!state_.outline || !state_.outline->find(route->kind, route->number))) return;
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
  if (!db_ || !state_.route_valid) return;
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
}

std::optional<std::string> App::frame() {
  // The quiz on screen has a session (opened from the store once the store is ready).
  if (state_.route_valid && state_.route.page == Page::item &&
      (state_.route.kind == course::ItemKind::quiz || state_.route.kind == course::ItemKind::test))
    if (const course::OutlineItem* item = state_.outline->find(state_.route.kind, state_.route.number))
      open_quiz(item->id);
  Actions actions;
  ViewContext ctx{state_, actions, palette(state_.theme), state_.fonts};
  draw_shell(ctx);
  if (actions.theme) set_theme(*actions.theme);
  if (actions.quiz) apply(*actions.quiz);
  if (actions.open_url) url_to_open_ = std::move(actions.open_url);
  if (!actions.navigate || *actions.navigate == state_.route_hash) return std::nullopt;
  return std::move(*actions.navigate);
}

}  // namespace fl::ui

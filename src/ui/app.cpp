#include "ui/app.h"

#include <imgui.h>

#include <ctime>

#include "base/files.h"
#include "store/progress.h"
#include "ui/licences.h"
#include "ui/test_items.h"
#include "ui/views.h"

namespace fl::ui {

void App::load(const std::string& bundle_dir, std::string platform_name) {
  bundle_dir_ = bundle_dir;
  state_.platform = std::move(platform_name);
  apply_theme(state_.theme);

  std::string error;
  const std::string course_file = bundle_dir + "/content/course.json";
  if (auto text = read_file(course_file, &error)) {
    Diagnostics diags;
    state_.outline = course::parse_outline(*text, "content/course.json", diags);
    if (!state_.outline) state_.outline_error = diags.to_string();
  } else {
    state_.outline_error = error;
  }
  state_.licences = load_licences(bundle_dir + "/licenses", &state_.licence_error);
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
  }
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

std::optional<std::string> App::frame() {
  Actions actions;
  ViewContext ctx{state_, actions, palette(state_.theme), state_.fonts};
  draw_shell(ctx);
  if (actions.theme) set_theme(*actions.theme);
  if (actions.navigate && *actions.navigate == state_.route_hash) actions.navigate.reset();
  return actions.navigate;
}

}  // namespace fl::ui

#include "app/ui_session.h"

#include <string>
#include <utility>

#include "store/database.h"
#include "ui/app.h"

namespace fl::app {

namespace {

ui::App& app() {
  static ui::App* instance = new ui::App();  // lives as long as the page or the window
  return *instance;
}

void on_storage(platform::Storage storage) {
  ui::SaveState save;
  save.persistent = storage.persistent;
  save.saved = storage.persistent;
  save.problem = storage.problem;
  app().attach_store(std::move(storage.db), save);
  // No route in the URL: reopen where the learner was (without a new history entry).
  if (!app().state().has_route) platform::navigate(app().route_to_restore(), /*replace=*/true);
}

void build_fonts(float scale) {
  std::string error;
  if (!app().build_fonts(scale, &error)) platform::show_message(platform::Message::warning, error);
}

void frame() {
  std::string route;
  if (platform::poll_route(&route)) {
    if (route.empty() || route == "#")
      platform::navigate(app().route_to_restore(), /*replace=*/true);
    else
      app().open_route(route);
  }
  const platform::SaveStatus save = platform::save_status();
  app().set_save_state(save.persistent, save.saved, save.syncs_in_flight);
  if (auto target = app().frame()) platform::navigate(*target, /*replace=*/false);
  if (app().take_fonts_changed()) platform::invalidate_fonts();
  if (auto url = app().take_url_to_open()) platform::open_url(*url);
}

void after_frame() {
  platform::publish_state(app().ready(), app().state().route_hash);
  static std::string title;  // set only when it changes (a DOM write on the web)
  if (std::string now = app().page_title(); now != title) {
    title = std::move(now);
    platform::set_title(title);
  }
}

}  // namespace

int run_ui(const platform::Options& options) {
  std::string error;
  if (!platform::init(options, &error)) {
    platform::show_message(platform::Message::error, error);
    return 1;
  }
  app().load(platform::bundle_dir(), platform::name());
  const std::string route = platform::current_route();
  if (!route.empty() && route != "#") app().open_route(route);
  platform::open_storage(on_storage);
  platform::run({build_fonts, frame, after_frame});
  return 0;
}

}  // namespace fl::app

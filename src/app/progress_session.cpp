#include "app/progress_session.h"

#include <utility>

#include "store/database.h"

namespace fl::app {

namespace {

constexpr const char* kReadOnlyReason =
    "this course is open in another tab, which saves your progress: choose \"Use here\" to continue in this one";

struct Session {
  ui::App* app = nullptr;
  std::string db_path;
  bool opened = false;
  bool kept = false;  // the open database is the folder's file (not the in-memory fallback)
};

Session& session() {
  static Session s;
  return s;
}

void on_folder(const platform::Folder& folder) {
  Session& s = session();
  ui::SaveState save;
  save.persistent = folder.persistent;
  save.saved = folder.persistent;
  save.writer = folder.writer;
  save.problem = folder.problem;
  if (s.opened && !folder.reloaded) {  // only the right to write changed
    s.app->set_writer(folder.writer, folder.writer ? "" : kReadOnlyReason);
    return;
  }
  std::string path = s.db_path;
  if (path.empty()) path = folder.path.empty() ? ":memory:" : folder.path + "/progress.sqlite3";
  std::string error;
  auto db = store::Database::open(path, &error);
  if (!db) {
    save.persistent = false;
    save.saved = false;
    save.problem = "Your saved progress could not be opened (" + error + "): Faultline works, but this session's " +
                   "progress will not be kept.";
    platform::show_message(platform::Message::warning, save.problem);
    db = store::Database::open(":memory:", &error);
    s.kept = false;
  } else {
    s.kept = folder.persistent;
  }
  if (s.kept) {
    db->set_after_commit([] { platform::flush(); });
    if (folder.writer && !s.opened) platform::flush();  // a new file (or a migration) is kept too
  }
  const bool first = !s.opened;
  s.opened = true;
  s.app->attach_store(std::move(db), save);
  s.app->set_writer(folder.writer, folder.writer ? "" : kReadOnlyReason);
  // No route in the URL: reopen where the learner was (without a new history entry).
  if (first && !s.app->state().has_route) platform::navigate(s.app->route_to_restore(), /*replace=*/true);
  platform::mark(first ? "db" : "reloaded");
  platform::wake();
}

}  // namespace

bool progress_kept() { return session().kept; }

void open_progress(ui::App& app, const std::string& db_path) {
  session().app = &app;
  session().db_path = db_path;
  platform::open_folder(on_folder);
}

}  // namespace fl::app

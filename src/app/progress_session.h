#pragma once
// The progress database over the platform's persistent folder: opened when the folder is
// ready and reopened whenever another tab's commit reloaded it; read-only while another tab
// holds the write lock; every commit asks the platform to flush. The UI's App gets each
// (re)opened database through attach_store.
#include <string>

#include "platform/platform.h"
#include "ui/app.h"

namespace fl::app {

// `db_path` overrides the file (desktop --db); empty = progress.sqlite3 in the folder.
void open_progress(ui::App& app, const std::string& db_path);
// The open database is kept (the folder's file, not the in-memory fallback).
bool progress_kept();

}  // namespace fl::app

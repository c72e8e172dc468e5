#pragma once
// The UI products' shared glue: wires the platform layer (events, the persistent folder,
// routes, frames, host services) to the UI's App and the progress store. main_web.cpp and
// main_desktop.cpp only gather options and call run_ui.
#include <string>

#include "platform/platform.h"

namespace fl::app {

struct UiOptions {
  platform::Options platform;
  std::string db_path;  // desktop: --db; empty = progress.sqlite3 in the platform's folder
};

// Web: starts the frame loop and returns 0 at once (the page keeps running). Desktop: returns
// when the window closes. Returns 1 if the platform cannot start (no WebGL2, no display).
int run_ui(const UiOptions& options);

}  // namespace fl::app

#pragma once
// The UI products' shared glue: wires the platform layer (events, storage, routes, frames) to
// the UI's App. main_web.cpp and main_desktop.cpp only gather options and call run_ui.
#include "platform/platform.h"

namespace fl::app {

// Web: starts the frame loop and returns 0 at once (the page keeps running). Desktop: returns
// when the window closes. Returns 1 if the platform cannot start (no WebGL2, no display).
int run_ui(const platform::Options& options);

}  // namespace fl::app

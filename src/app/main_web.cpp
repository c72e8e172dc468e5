// The web app (app.js + app.wasm): the platform starts requestAnimationFrame and main returns;
// the page keeps the runtime alive.
#include "app/ui_session.h"

int main() { return fl::app::run_ui(fl::app::UiOptions{}); }

// The desktop app: the same UI on GLFW + OpenGL 3.
//   faultline-desktop [--route '#/quiz/1'] [--db FILE] [--frames N]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/ui_session.h"

namespace {

int usage(const char* problem) {
  if (problem) std::fprintf(stderr, "faultline-desktop: %s\n", problem);
  std::fprintf(problem ? stderr : stdout,
               "usage: faultline-desktop [--route ROUTE] [--db FILE] [--frames N]\n"
               "  --route ROUTE  open this route, e.g. '#/quiz/1' (default: where you left off)\n"
               "  --db FILE      progress database (default: $XDG_DATA_HOME/faultline/progress.sqlite3)\n"
               "  --frames N     quit after N frames and print the state (smoke tests)\n");
  return problem ? 2 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  fl::app::UiOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") return usage(nullptr);
    if (i + 1 >= argc) return usage(("missing value after " + arg).c_str());
    const std::string value = argv[++i];
    if (arg == "--route") {
      options.platform.initial_route = value;
    } else if (arg == "--db") {
      options.db_path = value;
    } else if (arg == "--frames") {
      options.platform.max_frames = std::atoi(value.c_str());
      if (options.platform.max_frames <= 0) return usage("--frames needs a positive number");
    } else {
      return usage(("unknown option " + arg).c_str());
    }
  }
  return fl::app::run_ui(options);
}

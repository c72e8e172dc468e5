#include <unistd.h>

#include "cli/console.h"

namespace fl::cli {

bool stderr_is_terminal() { return ::isatty(2) == 1; }

}  // namespace fl::cli

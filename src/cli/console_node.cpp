#include <emscripten.h>

#include "cli/console.h"

namespace fl::cli {

// Under Node (NODERAWFS) isatty(2) is always true, so ask Node about its own stderr.
bool stderr_is_terminal() {
  return EM_ASM_INT({ return (typeof process !== 'undefined' && process.stderr && process.stderr.isTTY) ? 1 : 0; }) == 1;
}

}  // namespace fl::cli

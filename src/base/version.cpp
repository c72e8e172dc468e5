#include "base/version.h"

namespace fl {
const char* version() { return FL_VERSION; }
}  // namespace fl

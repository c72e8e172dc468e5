#pragma once
// `faultline check` for content/: everything an instructor can get wrong in the course files.
#include <string>

#include "base/diagnostic.h"

namespace fl::course {

// Validates ROOT/content (course.json and every file it references). Paths in diagnostics are
// relative to ROOT. Planned items are warnings; everything else wrong is an error.
void check_course(const std::string& root, Diagnostics& diags);

}  // namespace fl::course

#pragma once
// Licence notices of the bundled fonts and libraries, read from the bundle's
// licenses/index.json (written at build time by cmake/stage_bundle.py) and the files it names.
#include <string>
#include <vector>

#include "ui/app.h"

namespace fl::ui {

std::vector<Licence> load_licences(const std::string& licenses_dir, std::string* error);

}  // namespace fl::ui

#pragma once
// The simulator's section of lab.json, checked from text: JSON syntax and the whole `world`
// object (parse_world). Whole lab folders are loaded by lab::load_package, which hands the
// `world` section to parse_world; this entry point serves tools that hold only text (the
// documentation examples' test, the world fuzz target).
#include <string>

#include "base/diagnostic.h"

namespace fl::sim {

// Validates one lab.json text's `world` (`file` names it in diagnostics).
void check_lab_text(const std::string& text, const std::string& file, Diagnostics& diags);

}  // namespace fl::sim

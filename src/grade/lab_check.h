#pragma once
// `faultline check` for the grading part of labs/: every labs/*/lab.json's seeds, checks
// (kinds and params against the registry), hints and self_test entries, and the files a
// graded lab needs (brief.md, starter.lua, reference.lua, each naive/*.lua with a self_test
// entry and each self_test entry with its file). Paths in diagnostics are relative to ROOT.
// JSON syntax errors are left to sim::check_labs, which reports them once.
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace fl::grade {

void check_labs(const std::string& root, Diagnostics& diags);

// Sorted names of the `.lua` files directly in `dir` (e.g. "no-retry.lua"); empty if none.
std::vector<std::string> lua_files_in(const std::string& dir);
// Sorted names of the sub-folders of `dir`.
std::vector<std::string> subfolders_of(const std::string& dir);

}  // namespace fl::grade

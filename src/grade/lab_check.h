#pragma once
// A lab folder loaded for grading, and `faultline check` for labs/. load_graded_lab is the one
// way a graded lab is loaded (check, run, grade, lab test): lab::load_package walks the folder
// once and parses lab.json once; this layer registers the section handler that owns seeds,
// checks, hints and self_test, checks the files a graded lab needs (brief.md, starter.lua,
// reference.lua, each naive/*.lua with a self_test entry and each entry with its file) and
// resolves every name a check's parameters give against the world (lab_check_refs.cpp).
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "grade/lab_grading.h"
#include "lab/package.h"

namespace fl::grade {

// What `faultline check` learnt about one labs/* folder, for cross-checks with course.json.
struct CheckedLab {
  std::string folder;  // "02-rate-limits"
  std::string id, kind, lesson;
  bool loaded = false;  // lab.json parsed as an object
};

struct GradedLab {
  lab::LabPackage package;  // package.lab holds the world, workload, agents, limits
  LabGrading grading;
  std::string hash;  // lab_hash of the learner-facing files
};

// Loads DIR (named `display` in messages); files must resolve inside `root` (default DIR).
// nullopt when any error was reported. `info`, when given, receives the metadata even then.
std::optional<GradedLab> load_graded_lab(const std::string& dir, const std::string& display, const std::string& root,
                                         Diagnostics& diags, CheckedLab* info = nullptr);

// The same for a learner's copy of a lab (the browser's bundle: lab.json, brief.md and
// starter.lua only): every section is parsed and checked the same way, and the lab hash is the
// same, but no reference or naive solution is looked for.
std::optional<GradedLab> load_learner_graded_lab(const std::string& dir, const std::string& display,
                                                 Diagnostics& diags);

// Loads every labs/*/ folder under ROOT (sorted), reporting every problem of every lab; paths in
// diagnostics are relative to ROOT. Duplicate lab ids across folders are errors.
std::vector<CheckedLab> check_labs(const std::string& root, Diagnostics& diags);

// Validates what a lab folder must hold besides lab.json: brief.md, starter.lua,
// reference.lua, and every naive file that self_test names; each naive/*.lua file the package
// found needs a self_test entry. Messages name files as the package displays them.
void check_lab_files(const LabGrading& g, const lab::LabPackage& package, Diagnostics& diags);

// Resolves the names a check's parameters give (services, routes, secrets, scenarios,
// states, priorities) against the lab's world and workload: a typo is an error, never a check
// that passes everything.
void check_references(const LabGrading& g, const lab::Lab& lab, const std::string& file, Diagnostics& diags);

// Sorted names of the `.lua` files directly in `dir` (e.g. "no-retry.lua"); empty if none.
std::vector<std::string> lua_files_in(const std::string& dir);
// Sorted names of the sub-folders of `dir`.
std::vector<std::string> subfolders_of(const std::string& dir);

}  // namespace fl::grade

#pragma once
// lab::LabPackage: a lab folder walked once. The loader lists the folder, reads each file once
// (regular files inside the root only, capped per kind), parses lab.json once and hands each
// top-level section to the layer that owns it, the way Dear ImGui's settings handlers each own
// a section of one .ini file: metadata, world (src/sim), workload, agents and limits (src/lab)
// here; seeds, checks, hints and self_test through a SectionHandler that src/grade registers
// (grade::load_graded_lab). A top-level key no handler owns is an error. Every Lua file of the
// lab is compiled (text only, never run). `faultline check`, `run`, `grade`, `lab test` and
// `lab files` all load labs through here, so they accept and refuse the same labs with the same
// messages.
//
//   fl::lab::PackageOptions opt;                      // opt.root: where files must resolve
//   auto pkg = fl::lab::load_package("labs/02-rate-limits", "labs/02-rate-limits", opt, diags);
//   if (pkg) run(pkg->lab);                           // nullopt: diags names every problem
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/json_file.h"
#include "lab/lab.h"

namespace fl::lab {

struct LabPackage;

// One layer's part of lab.json: the top-level keys it owns and how it parses them. `parse`
// runs once lab.json and the world parsed; it reports to diags (paths relative to the root).
struct SectionHandler {
  std::vector<std::string> keys;
  std::function<void(const LabPackage& package, Diagnostics& diags)> parse;
};

// The files a lab folder may hold. Learner-facing ones reach the browser bundle; the others
// (a passing solution, the naive solutions) never leave the course repository.
struct LabFileRule {
  const char* name;  // relative to the lab folder; "naive/*.lua" matches every naive solution
  bool learner_facing;
  std::size_t max_bytes;
};
const std::vector<LabFileRule>& lab_file_rules();

struct PackageOptions {
  std::string root;  // files must resolve inside this folder (default: the lab folder itself)
  std::vector<SectionHandler> handlers;
  bool compile_lua = true;
};

struct LabPackage {
  std::string dir;      // folder on disk
  std::string display;  // how messages name it ("labs/02-rate-limits")
  // Bytes of every file read, by name relative to the folder ("lab.json", "naive/x.lua").
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> naive;  // "naive/x.lua" found on disk, sorted
  std::vector<std::string> unreadable;  // names present on disk that could not be read (reported)
  Json json;                       // lab.json, parsed once
  std::optional<Lab> lab;          // metadata, world, workload, agents, limits

  const std::string* text(std::string_view name) const;  // null when absent or unreadable
  bool has(std::string_view name) const { return text(name) != nullptr; }
  bool listed(std::string_view name) const;  // present on disk but unreadable
  std::string file_display(std::string_view name) const { return display + "/" + std::string(name); }
};

// Loads DIR (named `display` in messages). Returns nullopt when any error was reported,
// including errors from the handlers.
std::optional<LabPackage> load_package(const std::string& dir, const std::string& display,
                                       const PackageOptions& options, Diagnostics& diags);

// A lab as a learner's app (or `faultline run`) needs it: load_package with the grading
// sections accepted but not parsed (they are grade::load_graded_lab's).
std::optional<LabPackage> load_learner_package(const std::string& dir, const std::string& display,
                                               Diagnostics& diags);

// The files of DIR that exist, with the rule each falls under, in listing order.
struct ListedFile {
  std::string name;
  bool learner_facing = false;
};
std::vector<ListedFile> list_lab_files(const std::string& dir);

// Compiles `code` as a Lua 5.4 text chunk (never runs it); a syntax error is reported at
// `file`, "line N".
void check_lua_syntax(const std::string& code, const std::string& file, Diagnostics& diags);

}  // namespace fl::lab

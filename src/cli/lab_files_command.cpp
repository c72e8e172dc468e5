// faultline lab files LAB_DIR [--learner]
// The files of a lab folder the loader reads, one per line, each with "learner" (may be shown
// to learners: the browser bundle holds them) or "private" (reference and naive solutions).
// Only regular files inside the folder (symlinks resolved) under their size cap are listed; any
// other is an error, so the bundle stager, which asks this command, publishes nothing else.
// Exit 0, or 2 with a message naming each refused file.
#include <ostream>

#include "base/files.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "lab/package.h"

namespace fl::cli {

void add_lab_files_command(CLI::App& lab, CommandContext& ctx) {
  auto dir = std::make_shared<std::string>();
  auto learner_only = std::make_shared<bool>(false);
  auto* files = lab.add_subcommand("files", "List a lab's files: learner-facing ones and private ones (solutions)");
  files->add_option("LAB_DIR", *dir, "Lab folder (holding lab.json)")->required();
  files->add_flag("--learner", *learner_only, "Only the learner-facing files (what the browser bundle may hold)");
  files->callback([&ctx, dir, learner_only] {
    std::string d = *dir;
    while (d.size() > 1 && d.back() == '/') d.pop_back();
    if (!is_directory(d)) {
      ctx.err << "faultline lab files: " << d << " is not a directory\n";
      ctx.result = kBadInput;
      return;
    }
    Diagnostics diags;
    for (const auto& f : lab::list_lab_files(d)) {
      if (*learner_only && !f.learner_facing) continue;
      std::size_t cap = kMaxLuaFileBytes;
      for (const auto& rule : lab::lab_file_rules())
        if (f.name == rule.name || (f.name.rfind("naive/", 0) == 0 && std::string_view(rule.name) == "naive/*.lua"))
          cap = rule.max_bytes;
      std::string error;
      if (!read_file_in_root(d, f.name, cap, &error)) {
        diags.error(d + "/" + f.name, "", error);
        continue;
      }
      ctx.out << f.name << "\t" << (f.learner_facing ? "learner" : "private") << "\n";
    }
    ctx.err << diags.to_string();
    ctx.result = diags.has_errors() ? kBadInput : kOk;
  });
}

}  // namespace fl::cli

#pragma once
// One function per subcommand; each adds itself to the app and sets `result` when it runs.
#include <CLI/CLI.hpp>
#include <iosfwd>

namespace fl::cli {

struct CommandContext {
  std::ostream& out;
  std::ostream& err;
  int result = 0;
};

void add_check_command(CLI::App& app, CommandContext& ctx);
void add_grade_command(CLI::App& app, CommandContext& ctx);
void add_lab_command(CLI::App& app, CommandContext& ctx);
void add_lab_files_command(CLI::App& lab, CommandContext& ctx);  // `lab files`, under `lab`
void add_run_command(CLI::App& app, CommandContext& ctx);
void add_progress_command(CLI::App& app, CommandContext& ctx);

}  // namespace fl::cli

#include "cli/cli.h"

#include <ostream>

#include "base/version.h"
#include "cli/commands.h"
#include "cli/terminal_text.h"

namespace fl::cli {

namespace {

// "faultline lab test"
std::string command_path(const CLI::App& app) {
  return app.get_parent() ? command_path(*app.get_parent()) + " " + app.get_name() : std::string("faultline");
}

// "check, grade, lab, run"
std::string subcommand_names(const CLI::App& app) {
  std::string out;
  for (const CLI::App* s : app.get_subcommands({})) out += (out.empty() ? "" : ", ") + s->get_name();
  return out;
}

// The "Usage: ..." line of `app`'s help (CLI11 puts the description first).
std::string usage_line(const CLI::App& app) {
  std::string help = app.get_parent() ? app.help(command_path(*app.get_parent())) : app.help();
  auto at = help.find("Usage:");
  if (at == std::string::npos) return "Usage: faultline COMMAND [ARGS...]";
  return help.substr(at, help.find('\n', at) - at);
}

// The first word after `app`'s own name on the command line when `app` expects a
// subcommand and that word names none (a typo such as "faultline chek").
std::string unknown_subcommand(const CLI::App& app, int argc, char** argv) {
  if (app.get_subcommands({}).empty() || !app.get_subcommands().empty()) return "";
  int i = 1;
  if (app.get_parent()) {
    for (; i < argc; ++i)
      if (argv[i] == app.get_name()) break;
    ++i;
  }
  for (; i < argc; ++i) {
    std::string word = argv[i];
    if (word.empty() || word[0] == '-') continue;
    for (const CLI::App* s : app.get_subcommands({}))
      if (s->get_name() == word) return "";
    return word;
  }
  return "";
}

}  // namespace

int run(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Faultline: API-integration labs graded in simulated time.", "faultline"};
  app.set_version_flag("--version", std::string("faultline ") + fl::version());
  app.require_subcommand(1);
  CommandContext ctx{out, err};
  add_check_command(app, ctx);
  add_grade_command(app, ctx);
  add_lab_command(app, ctx);
  add_run_command(app, ctx);
  add_progress_command(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help();
    return kOk;
  } catch (const CLI::CallForAllHelp& e) {
    out << app.help("", CLI::AppFormatMode::All);
    return kOk;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << "\n";
    return kOk;
  } catch (const CLI::ParseError& e) {
    // CLI11 uses codes >= 100 for parse errors; the contract says 2 for any usage error.
    const CLI::App* sub = &app;
    while (!sub->get_subcommands().empty()) sub = sub->get_subcommands().back();
    std::string bad = unknown_subcommand(*sub, argc, argv);
    if (!bad.empty())
      err << "faultline: unknown command \"" << terminal_text(bad, Newlines::escape) << "\" (commands: "
          << subcommand_names(*sub) << ")\n";
    else
      err << "faultline: " << terminal_text(e.what(), Newlines::escape) << "\n";
    err << usage_line(*sub) << "\nRun '" << command_path(*sub) << " --help' for more.\n";
    return kBadInput;
  }
  return ctx.result;
}

}  // namespace fl::cli

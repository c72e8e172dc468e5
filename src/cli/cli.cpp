#include "cli/cli.h"

#include <ostream>

#include "base/version.h"
#include "cli/commands.h"

namespace fl::cli {

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
    err << "faultline: " << e.what() << "\n";
    const CLI::App* sub = app.get_subcommands().empty() ? &app : app.get_subcommands().back();
    err << "Usage: " << sub->help().substr(0, sub->help().find('\n')) << "\nRun 'faultline --help' for more.\n";
    return kBadInput;
  }
  return ctx.result;
}

}  // namespace fl::cli

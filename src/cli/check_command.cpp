#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "course/course_check.h"
#include "grade/lab_check.h"
#include "lab/lab.h"
#include "sim/lab_check.h"

namespace fl::cli {

void add_check_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("check", "Validate content/ and labs/ under ROOT (default: .)");
  auto root = std::make_shared<std::string>(".");
  cmd->add_option("ROOT", *root, "Project root holding content/ and labs/");
  cmd->callback([&ctx, root] {
    Diagnostics diags;
    course::check_course(*root, diags);
    sim::check_labs(*root, diags);  // every labs/*/lab.json world
    grade::check_labs(*root, diags);  // seeds, checks, hints, self_test and the lab's files
    lab::check_lab_sections(*root, diags);  // workload, agents, limits
    ctx.err << diags.to_string();
    ctx.err << diags.error_count() << " error(s), " << diags.warning_count() << " warning(s)\n";
    ctx.result = diags.has_errors() ? kBadInput : kOk;
  });
}

}  // namespace fl::cli

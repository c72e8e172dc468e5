#include <map>
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "course/course.h"
#include "course/course_check.h"
#include "grade/lab_check.h"

namespace fl::cli {

namespace {

// Lab metadata against content/course.json: each lab item's folder holds a lab of that id,
// a lab's `lesson` is a lesson of the course.
void cross_check(const std::optional<course::Course>& course, const std::vector<grade::CheckedLab>& labs,
                 Diagnostics& diags) {
  if (!course) return;
  const std::string rel = "content/course.json";
  std::map<std::string, const grade::CheckedLab*> by_folder;
  for (const auto& l : labs) by_folder[l.folder] = &l;
  for (std::size_t i = 0; i < course->outline.items.size(); ++i) {
    const auto& item = course->outline.items[i];
    if (item.kind != course::ItemKind::lab || item.planned) continue;
    auto it = by_folder.find(item.dir);
    if (it == by_folder.end() || !it->second->loaded || it->second->id.empty()) continue;
    if (it->second->id != item.id)
      diags.error("labs/" + item.dir + "/lab.json", "/id",
                  "lab id \"" + it->second->id + "\" differs from its id in " + rel + " (\"" + item.id + "\")");
  }
  for (const auto& l : labs) {
    if (!l.loaded || l.lesson.empty()) continue;
    const course::OutlineItem* lesson = course->outline.find_id(l.lesson);
    if (!lesson || lesson->kind != course::ItemKind::lesson)
      diags.error("labs/" + l.folder + "/lab.json", "/lesson", "\"" + l.lesson + "\" is not a lesson id in " + rel);
  }
}

}  // namespace

void add_check_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("check", "Validate content/ and labs/ under ROOT (default: .)");
  auto root = std::make_shared<std::string>(".");
  cmd->add_option("ROOT", *root, "Project root holding content/ and labs/");
  cmd->callback([&ctx, root] {
    Diagnostics diags;
    auto course = course::check_course(*root, diags);
    // One load per lab folder (lab::load_package): metadata, world, workload, agents, limits,
    // seeds, checks, hints, self_test, the lab's files and its Lua, in that folder's order.
    auto labs = grade::check_labs(*root, diags);
    cross_check(course, labs, diags);
    ctx.err << diags.to_string();
    ctx.err << diags.error_count() << " error(s), " << diags.warning_count() << " warning(s)\n";
    ctx.result = diags.has_errors() ? kBadInput : kOk;
  });
}

}  // namespace fl::cli

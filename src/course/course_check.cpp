#include "course/course_check.h"

#include <sys/stat.h>

#include "base/files.h"
#include "course/outline.h"

namespace fl::course {

namespace {

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

void check_course(const std::string& root, Diagnostics& diags) {
  const std::string rel = "content/course.json";
  std::string error;
  auto text = read_file(root + "/" + rel, &error);
  if (!text) {
    diags.error(rel, "", error);
    return;
  }
  auto outline = parse_outline(*text, rel, diags);
  if (!outline) return;
  for (std::size_t i = 0; i < outline->items.size(); ++i) {
    const auto& item = outline->items[i];
    std::string at = "/items/" + std::to_string(i);
    if (item.planned) {
      diags.warning(rel, at, std::string(to_string(item.kind)) + " \"" + item.id + "\" is planned, not written yet");
      continue;
    }
    std::string target = item.kind == ItemKind::lab ? "labs/" + item.dir : "content/" + item.file;
    if (!exists(root + "/" + target))
      diags.error(rel, at + (item.kind == ItemKind::lab ? "/dir" : "/file"), "references " + target + ", which does not exist");
  }
}

}  // namespace fl::course

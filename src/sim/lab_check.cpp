#include "sim/lab_check.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <vector>

#include "base/files.h"
#include "base/json_file.h"
#include "sim/world_spec.h"

namespace fl::sim {

namespace {

bool is_dir(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> sorted_subdirs(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.empty() || name[0] == '.') continue;
    if (is_dir(dir + "/" + name)) out.push_back(name);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());  // std::string's < is a total order
  return out;
}

}  // namespace

void check_lab_text(const std::string& text, const std::string& file, Diagnostics& diags) {
  auto root = parse_json(text, file, diags);
  if (!root) return;
  JsonReader r(file, diags);
  if (!root->is_object()) {
    r.error("", "expected an object with \"id\", \"title\" and \"world\", found " + json_type_name(*root));
    return;
  }
  // Fields owned by later layers (sandbox, grader, lab runner) are accepted here unvalidated.
  static const char* const kKnown[] = {"id", "title", "kind", "lesson", "summary", "description", "world", "workload",
                                       "agents", "seeds", "limits", "checks", "hints", "self_test", "version"};
  for (auto it = root->begin(); it != root->end(); ++it) {
    bool ok = false;
    for (const char* k : kKnown) ok = ok || it.key() == k;
    if (!ok) r.warning(json_pointer("", it.key()), "unknown field \"" + it.key() + "\" (ignored)");
  }
  auto id = r.string(*root, "", "id");
  if (id && id->empty()) r.error("/id", "the lab id cannot be empty");
  r.string(*root, "", "title");
  std::string kind = r.string_or(*root, "", "kind", "lab");
  if (kind != "lab" && kind != "playground")
    r.error("/kind", "unknown kind \"" + kind + "\" (expected lab or playground)");
  if (const Json* world = r.object(*root, "", "world")) parse_world(*world, file, "/world", diags);
}

void check_labs(const std::string& root, Diagnostics& diags) {
  std::string labs = root + "/labs";
  if (!is_dir(labs)) return;
  for (const auto& name : sorted_subdirs(labs)) {
    std::string rel = "labs/" + name + "/lab.json";
    std::string error;
    auto text = read_file(root + "/" + rel, &error);
    if (!text) {
      diags.error(rel, "", error);
      continue;
    }
    check_lab_text(*text, rel, diags);
  }
}

}  // namespace fl::sim

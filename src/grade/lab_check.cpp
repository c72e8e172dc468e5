#include "grade/lab_check.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>

#include "base/files.h"
#include "base/json_file.h"
#include "grade/lab_grading.h"

namespace fl::grade {

namespace {

bool is_dir(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> entries(const std::string& dir, bool want_dirs, const char* suffix) {
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.empty() || name[0] == '.') continue;
    bool dir_entry = is_dir(dir + "/" + name);
    if (dir_entry != want_dirs) continue;
    if (suffix) {
      std::string sfx = suffix;
      if (name.size() <= sfx.size() || name.compare(name.size() - sfx.size(), sfx.size(), sfx) != 0) continue;
    }
    out.push_back(name);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());  // total order on std::string
  return out;
}

}  // namespace

std::vector<std::string> lua_files_in(const std::string& dir) { return entries(dir, false, ".lua"); }
std::vector<std::string> subfolders_of(const std::string& dir) { return entries(dir, true, nullptr); }

void check_labs(const std::string& root, Diagnostics& diags) {
  const std::string labs = root + "/labs";
  if (!is_dir(labs)) return;
  for (const auto& name : subfolders_of(labs)) {
    const std::string rel_dir = "labs/" + name;
    const std::string rel = rel_dir + "/lab.json";
    std::string error;
    auto text = read_file(root + "/" + rel, &error);
    if (!text) continue;  // reported by sim::check_labs
    Diagnostics syntax;
    auto json = parse_json(*text, rel, syntax);
    if (!json || !json->is_object()) continue;  // reported by sim::check_labs
    auto g = parse_lab_grading(*json, rel, Registry::builtin(), diags);
    if (!g) continue;
    std::vector<std::string> naive;
    for (const auto& f : lua_files_in(root + "/" + rel_dir + "/naive")) naive.push_back("naive/" + f);
    check_lab_files(*g, root + "/" + rel_dir, rel_dir, naive, diags);
  }
}

}  // namespace fl::grade

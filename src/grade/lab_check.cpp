#include "grade/lab_check.h"

#include <algorithm>
#include <map>

#include "base/files.h"
#include "base/json_file.h"

namespace fl::grade {

namespace {

constexpr std::size_t kMaxLabFolders = 1000;

bool name_ends_with(const std::string& s, const char* suffix) {
  std::string_view t = suffix;
  return s.size() > t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

}  // namespace

std::vector<std::string> lua_files_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : list_directory(dir))
    if (e.kind != DirEntry::Kind::directory && name_ends_with(e.name, ".lua")) out.push_back(e.name);
  return out;
}

std::vector<std::string> subfolders_of(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : list_directory(dir))
    if (e.kind == DirEntry::Kind::directory) out.push_back(e.name);
  return out;
}

std::optional<GradedLab> load_graded_lab(const std::string& dir, const std::string& display, const std::string& root,
                                         Diagnostics& diags, CheckedLab* info) {
  const std::size_t errors_before = diags.error_count();
  std::optional<LabGrading> grading;
  lab::PackageOptions options;
  options.root = root;
  options.handlers.push_back({{"seeds", "checks", "hints", "self_test"},
                              [&grading, info](const lab::LabPackage& pkg, Diagnostics& d) {
                                const std::string file = pkg.file_display("lab.json");
                                if (info) {
                                  auto str = [&](const char* key, const char* fallback) {
                                    auto it = pkg.json.find(key);
                                    return it != pkg.json.end() && it->is_string() ? it->get<std::string>()
                                                                                   : std::string(fallback);
                                  };
                                  info->loaded = true;
                                  info->id = str("id", "");
                                  info->kind = str("kind", "lab");
                                  info->lesson = str("lesson", "");
                                }
                                grading = parse_lab_grading(pkg.json, file, Registry::builtin(), d);
                                if (!grading) return;
                                check_lab_files(*grading, pkg, d);
                                if (pkg.lab) check_references(*grading, *pkg.lab, file, d);
                              }});
  auto pkg = lab::load_package(dir, display, options, diags);
  if (!pkg || !grading || diags.error_count() > errors_before) return std::nullopt;
  GradedLab out;
  auto text = [&](const char* name) { return pkg->text(name) ? *pkg->text(name) : std::string(); };
  out.hash = lab_hash(text("lab.json"), text("brief.md"), text("starter.lua"));
  out.grading = std::move(*grading);
  out.package = std::move(*pkg);
  return out;
}

std::vector<CheckedLab> check_labs(const std::string& root, Diagnostics& diags) {
  std::vector<CheckedLab> out;
  const std::string labs = root + "/labs";
  if (!is_directory(labs)) return out;
  std::map<std::string, std::string> folder_of_id;
  for (const auto& name : subfolders_of(labs)) {
    if (out.size() >= kMaxLabFolders) {
      diags.error("labs", "", "a course holds at most 1000 lab folders");
      break;
    }
    const std::string rel_dir = "labs/" + name;
    CheckedLab c;
    c.folder = name;
    load_graded_lab(root + "/" + rel_dir, rel_dir, root, diags, &c);
    if (!c.id.empty()) {
      auto [it, fresh] = folder_of_id.emplace(c.id, name);
      if (!fresh)
        diags.error(rel_dir + "/lab.json", "/id",
                    "lab id \"" + c.id + "\" is also the id of labs/" + it->second + " (ids must be unique)");
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace fl::grade

namespace fl::grade {

namespace {

// "a, b, c" (at most 10 names, then "..."), or "none" — for "expected one of" messages.
std::string first_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 10; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 10) out += ", ...";
  return out.empty() ? "none" : out;
}

bool names_include(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Checks params[key] (a string or an array of strings) against `known`; what = "service".
void resolve_names(const Json& params, const std::string& at, const char* key, const char* what,
             const std::vector<std::string>& known, JsonReader& r) {
  auto it = params.find(key);
  if (it == params.end()) return;
  auto one = [&](const Json& v, const std::string& ptr) {
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) return;  // types: the kind's own reader
    const std::string& name = v.get_ref<const std::string&>();
    if (!names_include(known, name))
      r.error(ptr, std::string("no ") + what + " is named \"" + name + "\" in this lab (known: " + first_names(known) + ")");
  };
  const std::string ptr = json_pointer(at, key);
  if (it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) one((*it)[i], json_pointer(ptr, i));
  } else {
    one(*it, ptr);
  }
}

}  // namespace

void check_references(const LabGrading& g, const lab::Lab& lab, const std::string& file, Diagnostics& diags) {
  if (!lab.world) return;
  const sim::WorldSpec& w = *lab.world;
  JsonReader r(file, diags);
  std::vector<std::string> services, routes, secrets, scenarios, states, priorities, issuers, users;
  for (const auto& s : w.services) {
    services.push_back(s.id);
    for (const auto& rt : s.routes)
      if (!rt.id.empty()) routes.push_back(rt.id);
    if (s.kind != sim::ServiceKind::http) issuers.push_back(s.id);
    for (const auto& code : s.oauth.codes) users.push_back(code.user);
  }
  for (const auto& s : w.secrets) secrets.push_back(s.name);
  for (const auto& sc : w.scenarios) {
    scenarios.push_back(sc.id);
    states.insert(states.end(), sc.states.begin(), sc.states.end());
  }
  for (const auto& st : lab.workload.streams) {
    for (const auto& [name, weight] : st.priorities) priorities.push_back(name);
    for (const auto& v : st.variants)
      if (!v.priority.empty()) priorities.push_back(v.priority);
  }
  for (const auto& it : lab.workload.items)
    if (!it.priority.empty()) priorities.push_back(it.priority);
  for (const auto& c : g.checks) {
    if (!c.params.is_object()) continue;
    const std::string at = json_pointer(c.pointer, "params");
    resolve_names(c.params, at, "service", "service", services, r);
    resolve_names(c.params, at, "services", "service", services, r);
    resolve_names(c.params, at, "route", "route", routes, r);
    resolve_names(c.params, at, "routes", "route", routes, r);
    resolve_names(c.params, at, "secret", "secret", secrets, r);
    resolve_names(c.params, at, "secrets", "secret", secrets, r);
    resolve_names(c.params, at, "scenario", "scenario", scenarios, r);
    resolve_names(c.params, at, "state", "scenario state", states, r);
    resolve_names(c.params, at, "states", "scenario state", states, r);
    resolve_names(c.params, at, "priority", "work item priority", priorities, r);
    resolve_names(c.params, at, "issuer", "token issuer (an oauth or metadata service)", issuers, r);
    resolve_names(c.params, at, "users", "OAuth user (a user of an authorization code)", users, r);
    // A leak check in a world without secrets watches nothing and would pass every solution.
    if (c.kind == "secrets_not_leaked" && secrets.empty())
      r.error(json_pointer(c.pointer, "kind"), "this lab's world has no secrets, so this check would pass every solution");
  }
}

}  // namespace fl::grade

#include "lab/package.h"

#include <algorithm>
#include <cctype>

extern "C" {
#include <lauxlib.h>
#include <lua.h>
}

#include "base/files.h"

namespace fl::lab {

namespace {

// Top-level keys of lab.json that this layer owns (parse_lab reads them).
constexpr const char* kOwnKeys[] = {"id",     "title",    "kind",   "lesson", "summary", "description",
                                    "version", "world", "workload", "agents", "limits"};

constexpr std::size_t kMaxNaiveFiles = 100;

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// "starter.lua:12: 'end' expected near <eof>" -> line 12, message after the prefix.
Diagnostic lua_syntax_diagnostic(const std::string& message, const std::string& chunk, const std::string& file) {
  std::string text = message;
  std::string location;
  const std::string prefix = chunk + ":";
  if (text.rfind(prefix, 0) == 0) {
    std::size_t i = prefix.size(), digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 9) ++i, ++digits;
    if (digits > 0 && i < text.size() && text[i] == ':') {
      location = "line " + text.substr(prefix.size(), digits);
      text = text.substr(i + 1);
      if (!text.empty() && text[0] == ' ') text.erase(0, 1);
    }
  }
  return {Severity::error, file, location, "Lua syntax error: " + text};
}

// Calls fn(name) for each "{{param.NAME}}" in `text`.
template <typename Fn>
void for_each_param_placeholder(std::string_view text, Fn fn) {
  for (std::size_t open = text.find("{{"); open != std::string_view::npos; open = text.find("{{", open + 2)) {
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) return;
    std::string_view e = text.substr(open + 2, close - open - 2);
    while (!e.empty() && e.front() == ' ') e.remove_prefix(1);
    while (!e.empty() && e.back() == ' ') e.remove_suffix(1);
    if (e.rfind("param.", 0) == 0) fn(e.substr(6));
  }
}

template <typename Fn>
void for_each_string(const Json& v, Fn fn) {
  if (v.is_string()) fn(v.get_ref<const std::string&>());
  else if (v.is_array() || v.is_object())
    for (const auto& x : v) for_each_string(x, fn);
}

// Every {{param.NAME}} in a route's responses names a {NAME} segment of that route's path:
// otherwise it would always render empty.
void check_template_params(const sim::WorldSpec& world, const std::string& file, Diagnostics& diags) {
  for (std::size_t s = 0; s < world.services.size(); ++s) {
    const auto& svc = world.services[s];
    for (std::size_t r = 0; r < svc.routes.size(); ++r) {
      const auto& route = svc.routes[r];
      auto check = [&](std::string_view text, std::size_t k) {
        for_each_param_placeholder(text, [&](std::string_view name) {
          for (const auto& seg : route.segments)
            if (seg.is_param && seg.param == name) return;
          diags.error(file,
                      "/world/services/" + std::to_string(s) + "/routes/" + std::to_string(r) + "/responses/" +
                          std::to_string(k),
                      "{{param." + std::string(name) + "}} names no {" + std::string(name) + "} segment of the path \"" +
                          route.path + "\"");
        });
      };
      for (std::size_t k = 0; k < route.responses.size(); ++k) {
        const auto& resp = route.responses[k];
        if (resp.body.json && resp.body.dynamic)
          for_each_string(resp.body.tree, [&](const std::string& t) { check(t, k); });
        else
          check(resp.body.text, k);
        for (std::size_t h = 0; h < resp.headers.size(); ++h) check(resp.headers.value(h), k);
      }
    }
  }
}

// Strings the world parser accepts empty but that are mistakes when written: a service's
// "host", a route's "method" (leave it out to match any method).
void check_empty_world_strings(const Json& lab, const std::string& file, Diagnostics& diags) {
  auto world = lab.find("world");
  if (world == lab.end() || !world->is_object()) return;
  auto services = world->find("services");
  if (services == world->end() || !services->is_array()) return;
  for (std::size_t s = 0; s < services->size(); ++s) {
    const Json& svc = (*services)[s];
    if (!svc.is_object()) continue;
    const std::string at = "/world/services/" + std::to_string(s);
    if (auto h = svc.find("host"); h != svc.end() && h->is_string() && h->get_ref<const std::string&>().empty())
      diags.error(file, at + "/host", "a service needs a host name, like \"payments.mock\"");
    auto routes = svc.find("routes");
    if (routes == svc.end() || !routes->is_array()) continue;
    for (std::size_t r = 0; r < routes->size(); ++r) {
      const Json& route = (*routes)[r];
      if (!route.is_object()) continue;
      if (auto m = route.find("method"); m != route.end() && m->is_string() && m->get_ref<const std::string&>().empty())
        diags.error(file, at + "/routes/" + std::to_string(r) + "/method",
                    "an empty method: write one such as \"GET\", or leave \"method\" out to match any");
    }
  }
}

}  // namespace

const std::vector<LabFileRule>& lab_file_rules() {
  static const std::vector<LabFileRule> rules = {
      {"lab.json", true, kMaxJsonFileBytes},
      {"brief.md", true, kMaxMarkdownFileBytes},
      {"starter.lua", true, kMaxLuaFileBytes},
      {"reference.lua", false, kMaxLuaFileBytes},
      {"naive/*.lua", false, kMaxLuaFileBytes},
  };
  return rules;
}

bool LabPackage::listed(std::string_view name) const {
  return std::find(unreadable.begin(), unreadable.end(), name) != unreadable.end();
}

const std::string* LabPackage::text(std::string_view name) const {
  for (const auto& [n, bytes] : files)
    if (n == name) return &bytes;
  return nullptr;
}

void check_lua_syntax(const std::string& code, const std::string& file, Diagnostics& diags) {
  lua_State* L = luaL_newstate();
  if (!L) {
    diags.error(file, "", "cannot create a Lua state to compile this file");
    return;
  }
  // A short chunk name: Lua cuts long ones ("...") in its messages.
  std::string chunk = file.substr(file.rfind('/') == std::string::npos ? 0 : file.rfind('/') + 1);
  int rc = luaL_loadbufferx(L, code.data(), code.size(), ("=" + chunk).c_str(), "t");
  if (rc != LUA_OK) {
    const char* msg = lua_tostring(L, -1);
    diags.add(lua_syntax_diagnostic(msg ? msg : "unknown error", chunk, file));
  }
  lua_close(L);
}

std::vector<ListedFile> list_lab_files(const std::string& dir) {
  std::vector<ListedFile> out;
  for (const auto& rule : lab_file_rules()) {
    std::string_view name = rule.name;
    if (name == "naive/*.lua") {
      for (const auto& e : list_directory(dir + "/naive", kMaxNaiveFiles + 1))
        if (e.kind != DirEntry::Kind::directory && ends_with(e.name, ".lua"))
          out.push_back({"naive/" + e.name, rule.learner_facing});
    } else {
      for (const auto& e : list_directory(dir))
        if (e.name == name && e.kind != DirEntry::Kind::directory) out.push_back({e.name, rule.learner_facing});
    }
  }
  return out;
}

std::optional<LabPackage> load_package(const std::string& dir, const std::string& display,
                                       const PackageOptions& options, Diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  LabPackage pkg;
  pkg.dir = dir;
  pkg.display = display;
  const std::string root = options.root.empty() ? dir : options.root;
  const std::string lab_file = pkg.file_display("lab.json");

  // One walk of the folder: every file a lab may hold, read once, each under its kind's cap.
  const auto entries = list_directory(dir);
  auto present = [&](std::string_view name) {
    return std::any_of(entries.begin(), entries.end(), [&](const DirEntry& e) { return e.name == name; });
  };
  auto read = [&](const std::string& name, std::size_t cap, bool required) {
    const std::string path = dir + "/" + name;
    if (!required && !present(name.substr(0, name.find('/')))) return;  // optional and absent
    std::string error;
    auto bytes = read_file(path, &error, cap);  // regular files only, capped: safe to try
    if (!bytes) {
      diags.error(pkg.file_display(name), "", error);
      pkg.unreadable.push_back(name);
    } else if (!resolves_inside(root, path)) {
      diags.error(pkg.file_display(name), "", "cannot read " + path + ": it resolves (through a symlink) outside " + root);
      pkg.unreadable.push_back(name);
    } else {
      pkg.files.emplace_back(name, std::move(*bytes));
    }
  };
  for (const auto& rule : lab_file_rules()) {
    std::string name = rule.name;
    if (name == "naive/*.lua") {
      std::size_t n = 0;
      for (const auto& f : list_lab_files(dir)) {
        if (f.name.rfind("naive/", 0) != 0) continue;
        if (++n > kMaxNaiveFiles) {
          diags.error(pkg.file_display("naive"), "", "a lab holds at most 100 naive solutions");
          break;
        }
        pkg.naive.push_back(f.name);
        read(f.name, rule.max_bytes, true);
      }
    } else {
      read(name, rule.max_bytes, name == "lab.json");
    }
  }

  const std::string* text = pkg.text("lab.json");
  if (!text) return std::nullopt;
  auto json = parse_json(*text, lab_file, diags);
  if (!json) return std::nullopt;
  pkg.json = std::move(*json);

  JsonReader r(lab_file, diags);
  if (pkg.json.is_object()) {
    for (auto it = pkg.json.begin(); it != pkg.json.end(); ++it) {
      bool known = std::any_of(std::begin(kOwnKeys), std::end(kOwnKeys), [&](const char* k) { return it.key() == k; });
      for (const auto& h : options.handlers)
        known = known || std::find(h.keys.begin(), h.keys.end(), it.key()) != h.keys.end();
      if (!known) r.error(json_pointer("", it.key()), "unknown field \"" + it.key() + "\"");
    }
  }
  pkg.lab = parse_lab(pkg.json, lab_file, diags);
  if (pkg.lab) {
    pkg.lab->dir = dir;
    pkg.lab->display = display;
  }
  if (pkg.json.is_object()) check_empty_world_strings(pkg.json, lab_file, diags);
  if (pkg.lab && pkg.lab->world) check_template_params(*pkg.lab->world, lab_file, diags);
  if (pkg.json.is_object())
    for (const auto& h : options.handlers)
      if (h.parse) h.parse(pkg, diags);

  if (options.compile_lua)
    for (const auto& [name, bytes] : pkg.files)
      if (ends_with(name, ".lua")) check_lua_syntax(bytes, pkg.file_display(name), diags);

  if (diags.error_count() > errors_before || !pkg.lab) return std::nullopt;
  return pkg;
}

}  // namespace fl::lab

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

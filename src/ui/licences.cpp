#include "ui/licences.h"

#include "base/files.h"
#include "base/json_file.h"

namespace fl::ui {

namespace {
std::string text_field(const Json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

std::vector<Licence> load_licences(const std::string& licenses_dir, std::string* error) {
  std::vector<Licence> result;
  Diagnostics diags;
  auto index = load_json_file(licenses_dir + "/index.json", "licenses/index.json", diags);
  if (!index || !index->is_array()) {
    if (error) *error = diags.has_errors() ? diags.to_string() : "licenses/index.json: expected an array";
    return result;
  }
  for (const Json& entry : *index) {
    if (!entry.is_object()) continue;
    Licence l;
    l.id = text_field(entry, "id");
    l.name = text_field(entry, "name");
    l.version = text_field(entry, "version");
    l.licence = text_field(entry, "licence");
    l.used_for = text_field(entry, "used_for");
    std::string why;
    if (auto text = read_file(licenses_dir + "/" + text_field(entry, "file"), &why))
      l.text = std::move(*text);
    else
      l.text = why;
    result.push_back(std::move(l));
  }
  return result;
}

}  // namespace fl::ui

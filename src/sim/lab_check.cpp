#include "sim/lab_check.h"

#include "base/json_file.h"
#include "sim/world_spec.h"

namespace fl::sim {

void check_lab_text(const std::string& text, const std::string& file, Diagnostics& diags) {
  auto root = parse_json(text, file, diags);
  if (!root) return;
  JsonReader r(file, diags);
  if (!root->is_object()) {
    r.error("", "expected an object with \"id\", \"title\" and \"world\", found " + json_type_name(*root));
    return;
  }
  if (const Json* world = r.object(*root, "", "world")) parse_world(*world, file, "/world", diags);
}

}  // namespace fl::sim

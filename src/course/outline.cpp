#include "course/outline.h"

#include "base/files.h"

#include <set>

#include "base/json_file.h"

namespace fl::course {

const char* to_string(ItemKind kind) {
  switch (kind) {
    case ItemKind::lesson: return "lesson";
    case ItemKind::quiz: return "quiz";
    case ItemKind::lab: return "lab";
    case ItemKind::test: return "test";
  }
  return "?";
}

std::optional<ItemKind> item_kind_from_string(const std::string& name) {
  for (ItemKind k : {ItemKind::lesson, ItemKind::quiz, ItemKind::lab, ItemKind::test})
    if (name == to_string(k)) return k;
  return std::nullopt;
}

const OutlineItem* Outline::find(ItemKind kind, int number) const {
  for (const auto& item : items)
    if (item.kind == kind && item.number == number) return &item;
  return nullptr;
}

const OutlineItem* Outline::find_id(const std::string& item_id) const {
  for (const auto& item : items)
    if (item.id == item_id) return &item;
  return nullptr;
}

std::optional<Outline> parse_outline(const std::string& text, const std::string& file, Diagnostics& diags) {
  Diagnostics local;
  auto root = parse_json(text, file, local);
  if (!root) {
    diags.append(local);
    return std::nullopt;
  }
  JsonReader r(file, local);
  Outline outline;
  if (!root->is_object()) {
    r.error("", "expected an object with \"id\", \"title\" and \"items\", found " + json_type_name(*root));
    diags.append(local);
    return std::nullopt;
  }
  r.reject_unknown_keys(*root, "", {"id", "title", "level", "summary", "items"});
  outline.id = r.string(*root, "", "id").value_or("");
  outline.title = r.string(*root, "", "title").value_or("");
  outline.level = r.string_or(*root, "", "level", "");
  outline.summary = r.string_or(*root, "", "summary", "");

  std::set<std::string> ids;
  int counts[4] = {0, 0, 0, 0};
  if (const Json* items = r.array(*root, "", "items")) {
    if (items->empty()) r.error("/items", "the course has no items");
    for (std::size_t i = 0; i < items->size(); ++i) {
      const Json& j = (*items)[i];
      std::string at = json_pointer("/items", i);
      if (!j.is_object()) {
        r.error(at, "expected an object, found " + json_type_name(j));
        continue;
      }
      r.reject_unknown_keys(j, at, {"kind", "id", "title", "file", "dir", "status", "summary"});
      OutlineItem item;
      auto kind_name = r.string(j, at, "kind");
      auto kind = kind_name ? item_kind_from_string(*kind_name) : std::nullopt;
      if (kind_name && !kind)
        r.error(json_pointer(at, "kind"), "unknown kind \"" + *kind_name + "\" (expected lesson, quiz, lab or test)");
      item.id = r.string(j, at, "id").value_or("");
      item.title = r.string(j, at, "title").value_or("");
      item.summary = r.string_or(j, at, "summary", "");
      std::string status = r.string_or(j, at, "status", "ready");
      if (status != "ready" && status != "planned")
        r.error(json_pointer(at, "status"), "unknown status \"" + status + "\" (expected ready or planned)");
      item.planned = status == "planned";
      if (!item.id.empty() && !ids.insert(item.id).second)
        r.error(json_pointer(at, "id"), "duplicate id \"" + item.id + "\"");
      if (!kind) continue;
      item.kind = *kind;
      if (item.id.empty() && j.contains("id") && j["id"].is_string())
        r.error(json_pointer(at, "id"), "an item id cannot be empty");
      if (item.title.empty() && j.contains("title") && j["title"].is_string())
        r.error(json_pointer(at, "title"), "an item title cannot be empty");
      // Paths stay inside the course: a lab is one folder name under labs/, a file a plain
      // relative path under content/ (no "..", no absolute path).
      if (item.kind == ItemKind::lab) {
        item.dir = r.string(j, at, "dir").value_or("");
        if (j.contains("dir") && j["dir"].is_string() &&
            (!is_safe_relative_path(item.dir) || item.dir.find('/') != std::string::npos))
          r.error(json_pointer(at, "dir"), "expected the name of one folder under labs/, e.g. \"02-rate-limits\"");
      } else {
        item.file = r.string(j, at, "file").value_or("");
        if (j.contains("file") && j["file"].is_string() && !is_safe_relative_path(item.file))
          r.error(json_pointer(at, "file"),
                  "expected a relative path inside content/, e.g. \"lessons/01-intro.md\" (no \"..\" or leading \"/\")");
      }
      item.number = ++counts[static_cast<int>(item.kind)];
      outline.items.push_back(std::move(item));
    }
  }
  bool ok = !local.has_errors();
  diags.append(local);
  if (!ok) return std::nullopt;
  return outline;
}

}  // namespace fl::course

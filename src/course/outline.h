#pragma once
// The course outline (content/course.json): the module's items in teaching order.
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace fl::course {

enum class ItemKind { lesson, quiz, lab, test };

struct OutlineItem {
  ItemKind kind = ItemKind::lesson;
  std::string id;     // stable: progress refers to it
  std::string title;
  std::string file;   // lesson/quiz/test: path relative to content/
  std::string dir;    // lab: folder name under labs/
  std::string summary;  // optional: one sentence on what the item covers (shown for planned items)
  bool planned = false;
  int number = 0;     // 1-based among items of the same kind (routes: #/lesson/2)
};

struct Outline {
  std::string id;
  std::string title;
  std::string level;
  std::string summary;
  std::vector<OutlineItem> items;

  // The item a route like "#/quiz/2" names, or nullptr.
  const OutlineItem* find(ItemKind kind, int number) const;
  const OutlineItem* find_id(const std::string& item_id) const;
};

const char* to_string(ItemKind kind);
std::optional<ItemKind> item_kind_from_string(const std::string& name);

// Parses course.json text; `file` names it in diagnostics. Returns nullopt on any error.
std::optional<Outline> parse_outline(const std::string& text, const std::string& file, Diagnostics& diags);

}  // namespace fl::course

#pragma once
// URL hash routes (contract): #/lesson/N, #/quiz/N, #/lab/N, #/test, #/progress, #/settings,
// #/about, #/playground. Pure functions: no ImGui, testable anywhere.
#include <optional>
#include <string>
#include <string_view>

#include "course/outline.h"

namespace fl::ui {

enum class Page { item, progress, settings, about, playground };

struct Route {
  Page page = Page::item;
  course::ItemKind kind = course::ItemKind::lesson;  // page == item
  int number = 0;                                    // page == item: 1-based among its kind

  bool operator==(const Route&) const = default;
};

// "#/quiz/2" -> {item, quiz, 2}; also accepts the text without '#'. nullopt if malformed.
std::optional<Route> parse_route(std::string_view hash);
// The canonical hash: "#/quiz/2", "#/test", "#/about".
std::string to_hash(const Route& route);
std::string item_hash(const course::OutlineItem& item);

}  // namespace fl::ui

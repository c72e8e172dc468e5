#include "ui/page_title.h"

#include <cctype>

#include "ui/app.h"
#include "ui/widgets.h"

namespace fl::ui {

namespace {

// "Quiz: rate limits" under "Quiz 2" reads "Quiz 2: Rate limits", not "Quiz 2: Quiz: rate limits".
std::string without_kind_prefix(const std::string& title, const std::string& label) {
  const std::string kind = label.substr(0, label.find(' '));
  if (title.size() <= kind.size() + 2 || title.compare(kind.size(), 2, ": ") != 0) return title;
  for (std::size_t i = 0; i < kind.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(title[i])) != std::tolower(static_cast<unsigned char>(kind[i])))
      return title;
  std::string rest = title.substr(kind.size() + 2);
  rest[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0])));
  return rest;
}

}  // namespace

std::string page_title(const AppState& state) {
  const std::string suffix = " \u00b7 Faultline";
  if (!state.has_route) return "Faultline";
  if (!state.route_valid) return "Not found" + suffix;
  switch (state.route.page) {
    case Page::item: {
      const course::OutlineItem* item =
          state.outline ? state.outline->find(state.route.kind, state.route.number) : nullptr;
      if (!item) return "Not found" + suffix;
      const std::string label = kind_label(*item);
      // "Module test" titled "Module test" says it once.
      if (item->title.empty() || item->title == label) return label + suffix;
      return label + ": " + without_kind_prefix(item->title, label) + suffix;
    }
    case Page::progress: return "Progress" + suffix;
    case Page::settings: return "Settings" + suffix;
    case Page::about: return "About" + suffix;
    case Page::playground: return "Playground" + suffix;
  }
  return "Faultline";
}

}  // namespace fl::ui

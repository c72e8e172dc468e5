#include "ui/route.h"

#include <charconv>

namespace fl::ui {

namespace {

struct PageName {
  Page page;
  std::string_view name;
};
constexpr PageName kPages[] = {{Page::progress, "progress"},
                               {Page::settings, "settings"},
                               {Page::about, "about"},
                               {Page::playground, "playground"}};

}  // namespace

std::optional<Route> parse_route(std::string_view hash) {
  if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
  if (hash.empty() || hash.front() != '/') return std::nullopt;
  hash.remove_prefix(1);
  while (!hash.empty() && hash.back() == '/') hash.remove_suffix(1);

  std::string_view head = hash.substr(0, hash.find('/'));
  std::string_view rest = head.size() < hash.size() ? hash.substr(head.size() + 1) : std::string_view();

  for (const auto& p : kPages)
    if (head == p.name && rest.empty()) return Route{p.page, course::ItemKind::lesson, 0};
  if (head == "test" && rest.empty()) return Route{Page::item, course::ItemKind::test, 1};

  auto kind = course::item_kind_from_string(std::string(head));
  if (!kind || *kind == course::ItemKind::test || rest.empty()) return std::nullopt;
  int number = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
  if (ec != std::errc() || end != rest.data() + rest.size() || number < 1) return std::nullopt;
  return Route{Page::item, *kind, number};
}

std::string to_hash(const Route& route) {
  if (route.page != Page::item) {
    for (const auto& p : kPages)
      if (p.page == route.page) return "#/" + std::string(p.name);
  }
  if (route.kind == course::ItemKind::test) return "#/test";
  return "#/" + std::string(course::to_string(route.kind)) + "/" + std::to_string(route.number);
}

std::string item_hash(const course::OutlineItem& item) { return to_hash(Route{Page::item, item.kind, item.number}); }

}  // namespace fl::ui

#include "ui/route.h"

#include <catch2/catch.hpp>

using fl::course::ItemKind;
using fl::ui::Page;
using fl::ui::parse_route;
using fl::ui::Route;
using fl::ui::to_hash;

TEST_CASE("item routes parse to a kind and a 1-based number") {
  CHECK(parse_route("#/lesson/2") == Route{Page::item, ItemKind::lesson, 2});
  CHECK(parse_route("#/quiz/1") == Route{Page::item, ItemKind::quiz, 1});
  CHECK(parse_route("#/lab/3") == Route{Page::item, ItemKind::lab, 3});
  CHECK(parse_route("#/test") == Route{Page::item, ItemKind::test, 1});
  CHECK(parse_route("/quiz/4/") == Route{Page::item, ItemKind::quiz, 4});  // without '#', trailing slash
}

TEST_CASE("page routes parse") {
  CHECK(parse_route("#/progress")->page == Page::progress);
  CHECK(parse_route("#/settings")->page == Page::settings);
  CHECK(parse_route("#/about")->page == Page::about);
  CHECK(parse_route("#/playground")->page == Page::playground);
}

TEST_CASE("malformed routes are rejected") {
  for (const char* bad : {"", "#", "#/", "#/lesson", "#/lesson/", "#/lesson/0", "#/lesson/-1", "#/lesson/x",
                          "#/lesson/2x", "#/test/1", "#/about/1", "#/nope", "lesson/1", "#/lesson/99999999999"})
    CHECK_FALSE(parse_route(bad));
}

TEST_CASE("routes print back canonically") {
  for (const char* hash :
       {"#/lesson/2", "#/quiz/1", "#/lab/3", "#/test", "#/progress", "#/settings", "#/about", "#/playground"})
    CHECK(to_hash(*parse_route(hash)) == hash);
  CHECK(to_hash(*parse_route("#/quiz/01/")) == "#/quiz/1");
}

#pragma once
// The document (or window) title for the route on screen: "Lesson 2: Rate limits · Faultline",
// "Progress · Faultline". Pure: unit-tested in tests/unit/ui/page_title_test.cpp.
#include <string>

namespace fl::ui {

struct AppState;

std::string page_title(const AppState& state);

}  // namespace fl::ui

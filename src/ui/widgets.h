#pragma once
// Small custom widgets shared by the views: navigation pills with progress marks, badges,
// callouts, kicker lines. Each records itself for the browser test hook.
#include <imgui.h>

#include <string>
#include <string_view>

#include "ui/marks.h"
#include "ui/views.h"

namespace fl::ui {

// A rounded pill button with an optional progress mark; `id` must be unique in the window.
bool pill(const ViewContext& ctx, std::string_view label, std::string_view id, Mark mark, bool selected);
// A flat text tab (top bar): accent underline when selected.
bool tab(const ViewContext& ctx, std::string_view label, std::string_view id, bool selected);
// A text link (accent colour, hand cursor).
bool link(const ViewContext& ctx, std::string_view label, std::string_view id);

void draw_mark(ImDrawList* dl, ImVec2 center, float radius, Mark mark, const Palette& p);

void kicker(const ViewContext& ctx, std::string_view text, ImU32 color);
void badge(const ViewContext& ctx, std::string_view text, ImU32 color);
// A bordered box with a bold heading and wrapped body text.
void callout(const ViewContext& ctx, std::string_view heading, std::string_view body, ImU32 accent);
void wrapped(ImFont* font, ImU32 color, std::string_view text);
void heading(const ViewContext& ctx, std::string_view text);     // page title
void rule(const ViewContext& ctx);                               // a horizontal line across the text column
void subheading(const ViewContext& ctx, std::string_view text);  // section title

// "L2", "Quiz", "Lab", "Module test": the navigation bar's labels.
std::string short_label(const course::OutlineItem& item);
// "Lesson 2", "Quiz 2", "Lab 2", "Module test".
std::string kind_label(const course::OutlineItem& item);
// The colour of a mark's status text: dim, done (green), in progress (accent), attention (amber).
ImU32 mark_color(Mark mark, const Palette& p);
// A score for people: "7", "6.5", "10.25" (points are sixtieths, so at most two decimals).
std::string format_points(double points);

// Starts a centred column at most `max_width` wide inside the current window.
void begin_column(float max_width);
void end_column();

}  // namespace fl::ui

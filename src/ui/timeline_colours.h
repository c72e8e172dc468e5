#pragma once
// The timeline's and metrics charts' colours, derived per theme from the app Palette: the
// outcome classes use the Okabe-Ito set (distinguishable with the common colour-vision
// deficiencies), tuned for contrast on the dark and the light surface; failures also carry
// their status or error text inside the bar, so colour is never the only cue.
#include <imgui.h>

#include <string_view>

#include "ui/theme.h"
#include "ui/timeline_model.h"

namespace fl::ui {

struct TimelineColours {
  ImU32 outcome[kOutcomeCount];
  ImU32 bar_text;        // status text inside a bar
  ImU32 sleep;           // a sleep's thin line
  ImU32 fold;            // a folded run of sub-pixel bars
  ImU32 window, outage;  // fault windows shading a service lane
  ImU32 limiter;         // the limiter's remaining budget
  ImU32 log, log_warn, log_error;
  ImU32 highlight;       // the focused (checked) requests
  ImU32 lane_alt;        // every other lane's background
  ImU32 grid;
  ImU32 series[6];       // state values and metrics charts, in order
};

// The colours for the palette's theme (told apart by its background's lightness).
const TimelineColours& timeline_colours(const Palette& palette);
// A state value's colour: well-known breaker states get the outcome colours (closed = success,
// open = 5xx, half-open = 4xx); any other value a stable colour of `series`.
ImU32 state_colour(const TimelineColours& colours, std::string_view value);

}  // namespace fl::ui

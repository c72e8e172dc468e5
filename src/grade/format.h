#pragma once
// Formatting for check messages: times and numbers from integers only, so the native and the
// wasm builds print the same characters (no printf of doubles).
#include <cstdint>
#include <string>
#include <string_view>

#include "grade/trace.h"

namespace fl::grade {

// Microseconds as seconds with `decimals` places (rounded half away from zero): "12.40".
std::string seconds(Micros t, int decimals = 2);
// A double with `decimals` places: "0.35".
std::string fixed(double v, int decimals);
// A share as a percentage with one decimal: 0.1234 -> "12.3 %".
std::string percent(double share);
// "1 request", "3 requests".
std::string count(std::size_t n, std::string_view singular, std::string_view plural);
// "1st", "2nd", "3rd", "4th"...
std::string ordinal(int n);
// "request #57 to embeddings at t=12.40 s"
std::string request_ref(const RequestRec& r);
// "a 429" / "a 503" / "a timeout" describing what a request got back.
std::string outcome_ref(const RequestRec& r);

}  // namespace fl::grade

#pragma once
// UTF-8 validation for text that came from learner code or request bytes, which may hold
// any bytes at all.
#include <cstddef>
#include <string>
#include <string_view>

namespace fl {

// The length (1-4) of the well-formed UTF-8 sequence that starts at s[i], or 0 when the bytes
// there are not one (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF,
// or cut off by the end of s). ASCII bytes, control characters included, have length 1.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// `s` if it has at most `max` bytes (max >= 3); otherwise its start, cut before a UTF-8
// sequence, plus "...", in at most `max` bytes.
std::string utf8_clip(std::string s, std::size_t max);

}  // namespace fl

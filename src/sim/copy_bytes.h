#pragma once
// copy_bytes: an inlined memcpy for short strings (see below).
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace fl::sim {

// memcpy for the short strings of headers and journal payloads, inlined: a libc call costs
// more than the copy below 32 bytes (and Emscripten's memcpy is a plain C loop). Overlapping
// fixed-size moves never read or write outside [src, src + n) and [dst, dst + n).
inline void copy_bytes(char* dst, const char* src, std::size_t n) {
  if (n >= 8 && n <= 32) {
    if (n <= 16) {
      std::uint64_t a, b;
      std::memcpy(&a, src, 8);
      std::memcpy(&b, src + n - 8, 8);
      std::memcpy(dst, &a, 8);
      std::memcpy(dst + n - 8, &b, 8);
    } else {
      std::uint64_t a, b, c, d;
      std::memcpy(&a, src, 8);
      std::memcpy(&b, src + 8, 8);
      std::memcpy(&c, src + n - 16, 8);
      std::memcpy(&d, src + n - 8, 8);
      std::memcpy(dst, &a, 8);
      std::memcpy(dst + 8, &b, 8);
      std::memcpy(dst + n - 16, &c, 8);
      std::memcpy(dst + n - 8, &d, 8);
    }
  } else if (n >= 4 && n < 8) {
    std::uint32_t a, b;
    std::memcpy(&a, src, 4);
    std::memcpy(&b, src + n - 4, 4);
    std::memcpy(dst, &a, 4);
    std::memcpy(dst + n - 4, &b, 4);
  } else if (n < 4) {
    if (n > 0) dst[0] = src[0];
    if (n > 1) dst[1] = src[1];
    if (n > 2) dst[2] = src[2];
  } else {
    std::memcpy(dst, src, n);
  }
}

}  // namespace fl::sim

#include "base/hash.h"

namespace fl {

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h) {
  constexpr std::uint64_t kPrime = 1099511628211ULL;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size(), i = 0;
  for (; i + 4 <= n; i += 4) {  // unrolled: journal digests hash megabytes
    h = (h ^ p[i]) * kPrime;
    h = (h ^ p[i + 1]) * kPrime;
    h = (h ^ p[i + 2]) * kPrime;
    h = (h ^ p[i + 3]) * kPrime;
  }
  for (; i < n; ++i) h = (h ^ p[i]) * kPrime;
  return h;
}

std::string fnv1a64_digest(std::uint64_t h) {
  static const char* const kHex = "0123456789abcdef";
  std::string out = "fnv1a64:";
  for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(h >> shift) & 15];
  return out;
}

}  // namespace fl

#pragma once
// The project's one content hash: 64-bit FNV-1a, written "fnv1a64:<16 hex digits>" wherever a
// digest is shown or stored (journal digests, lab hashes, grading digests).
#include <cstdint>
#include <string>
#include <string_view>

namespace fl {

inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;

// FNV-1a over `bytes`, continuing from `h` (the offset basis by default).
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h = kFnvOffset);

// "fnv1a64:0123456789abcdef" (lower-case, zero-padded).
std::string fnv1a64_digest(std::uint64_t h);

}  // namespace fl

#pragma once
// splitmix64 (Steele, Lea, Flood 2014): the project's one seeding generator. It seeds the
// simulator's xoshiro256** and drives quiz attempt seeds and shuffles; plain integer maths, so
// the same sequence natively and in wasm, unlike std:: distributions.
#include <cstdint>

namespace fl {

// Advances `state` and returns the next output.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() { return splitmix64(state_); }
  // Uniform in [0, bound), bound > 0: rejects the low values that would make `r % bound`
  // favour small results.
  std::uint64_t below(std::uint64_t bound) {
    std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      std::uint64_t r = next();
      if (r >= threshold) return r % bound;
    }
  }

 private:
  std::uint64_t state_;
};

}  // namespace fl

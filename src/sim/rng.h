#pragma once
// The simulator's only source of randomness: a seeded, portable generator (xoshiro256**,
// seeded through splitmix64) with our own distributions. Integer arithmetic and fl_* maths
// only, so the same seed gives bit-identical sequences natively (GCC/glibc) and in wasm
// (clang/libc++/musl). Never use std::random_device or std:: distributions in the core.
//
//   Rng rng(seed);                      // one per world; fork() for independent streams
//   rng.next_u64(); rng.uniform01(); rng.uniform(a, b); rng.below(n);
//   rng.exponential(mean); rng.lognormal_capped(median, sigma, cap);
//   rng.weighted_choice(weights);       // index, by non-negative weights
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "base/hash.h"

namespace fl::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform01();
  // Uniform in [lo, hi) (returns lo when hi <= lo).
  double uniform(double lo, double hi);
  // Uniform integer in [0, n) without modulo bias; 0 when n == 0.
  std::uint64_t below(std::uint64_t n);
  // True with probability p (p <= 0: never, p >= 1: always, and no draw is consumed then).
  bool chance(double p);
  // Exponential with the given mean (> 0).
  double exponential(double mean);
  // Standard normal (Box-Muller with fl_log/fl_sqrt/fl_cos; one draw pair per call).
  double normal();
  // Lognormal with the given median and sigma (of the underlying normal), capped at `cap`
  // when cap > 0.
  double lognormal_capped(double median, double sigma, double cap);
  // Index drawn with probability weights[i] / sum; weights must be >= 0 with a positive sum
  // (otherwise returns 0).
  std::size_t weighted_choice(std::span<const double> weights);

  // An independent generator derived from this one's seed and a stream name (deterministic,
  // does not advance this generator): e.g. world.rng().fork("lua:agent-1").
  Rng fork(std::string_view stream) const;
  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
  std::uint64_t s_[4];
};

// The journal's digest function lives in src/base (one hash for the whole project).
using fl::fnv1a64;
using fl::kFnvOffset;

}  // namespace fl::sim

#include "sim/rng.h"

#include "base/portable_math.h"
#include "base/splitmix.h"

namespace fl::sim {

namespace {

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(std::uint64_t seed) : seed_(seed) {
  std::uint64_t x = seed;
  for (auto& s : s_) s = splitmix64(x);
}

std::uint64_t Rng::next_u64() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::uniform(double lo, double hi) {
  if (!(hi > lo)) return lo;
  double x = lo + (hi - lo) * uniform01();
  return x < hi ? x : lo;
}

std::uint64_t Rng::below(std::uint64_t n) {
  if (n == 0) return 0;
  // Lemire-free rejection: reject the top partial range so every residue is equally likely.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t x;
  do x = next_u64();
  while (x >= limit);
  return x % n;
}

bool Rng::chance(double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return uniform01() < p;
}

double Rng::exponential(double mean) {
  if (!(mean > 0)) return 0;
  // 1 - u in (0, 1]: log never sees 0.
  return -mean * fl_log(1.0 - uniform01());
}

double Rng::normal() {
  double u1 = 1.0 - uniform01();  // (0, 1]
  double u2 = uniform01();
  return fl_sqrt(-2.0 * fl_log(u1)) * fl_cos(6.283185307179586 * u2);
}

double Rng::lognormal_capped(double median, double sigma, double cap) {
  if (!(median > 0)) return 0;
  double x = median * fl_exp(sigma * normal());
  if (cap > 0 && x > cap) x = cap;
  return x;
}

std::size_t Rng::weighted_choice(std::span<const double> weights) {
  double total = 0;
  for (double w : weights)
    if (w > 0) total += w;
  if (!(total > 0)) return 0;
  double r = uniform01() * total;
  std::size_t last = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!(weights[i] > 0)) continue;
    last = i;
    if (r < weights[i]) return i;
    r -= weights[i];
  }
  return last;  // rounding: the last positive weight
}

Rng Rng::fork(std::string_view stream) const {
  std::uint64_t x = seed_ ^ fnv1a64(stream);
  return Rng(splitmix64(x));
}

}  // namespace fl::sim

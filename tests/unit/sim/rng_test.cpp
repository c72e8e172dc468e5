#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <vector>

#include "sim/rng.h"

using fl::sim::Rng;
#define GOLDEN_FIRST 0x15780b2e0c2ec716ULL
#define GOLDEN_MIX 0x2c312bfa0034d3c9ULL

TEST_CASE("the generator is seeded deterministically and portably") {
  Rng a(42), b(42), c(43);
  std::vector<std::uint64_t> xs, ys;
  for (int i = 0; i < 5; ++i) {
    xs.push_back(a.next_u64());
    ys.push_back(b.next_u64());
  }
  CHECK(xs == ys);
  CHECK(c.next_u64() != xs[0]);
  // Golden value: xoshiro256** seeded by splitmix64(42). A change here changes every digest.
  CHECK(xs[0] == GOLDEN_FIRST);
}

TEST_CASE("uniform draws stay in range and cover it") {
  Rng r(7);
  double lo = 1, hi = 0;
  for (int i = 0; i < 10000; ++i) {
    double u = r.uniform01();
    REQUIRE(u >= 0);
    REQUIRE(u < 1);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  CHECK(lo < 0.01);
  CHECK(hi > 0.99);
  for (int i = 0; i < 1000; ++i) {
    auto k = r.below(6);
    REQUIRE(k < 6);
  }
  CHECK(r.below(0) == 0);
  CHECK(r.uniform(5, 5) == 5);
}

TEST_CASE("chance with p of 0 or 1 consumes no draw") {
  Rng a(1), b(1);
  CHECK_FALSE(a.chance(0));
  CHECK(a.chance(1));
  CHECK(a.next_u64() == b.next_u64());
}

TEST_CASE("exponential and lognormal distributions have the right centre") {
  Rng r(99);
  double sum = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) sum += r.exponential(100);
  CHECK(sum / n == Approx(100).epsilon(0.05));
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(r.lognormal_capped(50, 0.5, 0));
  std::sort(v.begin(), v.end());
  CHECK(v[n / 2] == Approx(50).epsilon(0.05));  // median
  for (int i = 0; i < 1000; ++i) REQUIRE(r.lognormal_capped(50, 2.0, 120) <= 120);
}

TEST_CASE("weighted choice follows the weights and skips zero weights") {
  Rng r(5);
  std::vector<double> w = {1, 0, 3};
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 8000; ++i) ++counts[r.weighted_choice(w)];
  CHECK(counts[1] == 0);
  CHECK(static_cast<double>(counts[2]) / counts[0] == Approx(3).epsilon(0.1));
  std::vector<double> zero = {0, 0};
  CHECK(r.weighted_choice(zero) == 0);
}

TEST_CASE("forked streams are independent and reproducible") {
  Rng base(123);
  Rng f1 = base.fork("lua:agent-1"), f2 = base.fork("lua:agent-1"), f3 = base.fork("lua:agent-2");
  CHECK(f1.next_u64() == f2.next_u64());
  CHECK(f1.next_u64() != f3.next_u64());
  Rng untouched(123);
  CHECK(base.next_u64() == untouched.next_u64());  // fork does not advance the parent
}

TEST_CASE("distribution sequences are bit-identical across builds (golden digest)") {
  // The same numbers must come out natively and in wasm: hash a long mixed sequence.
  Rng r(2024);
  std::uint64_t h = fl::sim::kFnvOffset;
  for (int i = 0; i < 1000; ++i) {
    double x = r.exponential(10) + r.lognormal_capped(5, 0.7, 50) + r.normal() + r.uniform(0, 3);
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    h = fl::sim::fnv1a64(std::string_view(reinterpret_cast<const char*>(&bits), sizeof bits), h);
  }
  INFO("golden " << std::hex << h);
  CHECK(h == GOLDEN_MIX);
}

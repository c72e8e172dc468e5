#include <catch2/catch.hpp>

#include <cstdint>
#include <cmath>
#include <cstring>

#include "base/portable_math.h"

namespace {
std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
}  // namespace

// Golden bit patterns from musl 1.2.3: the same in the native (glibc) and wasm (musl) builds,
// which is the point. A change here means runs would no longer reproduce across builds.
TEST_CASE("portable libm gives the same bits on every build") {
  double acc = 0;
  for (int i = 1; i <= 1000; ++i) {
    double x = i * 0.0137;
    acc += fl_exp(x) + fl_log(x) + fl_sin(x) + fl_cos(x) + fl_tan(x * 0.1) + fl_pow(x, 1.37) +
           fl_atan2(x, 1.5) + fl_log2(x) + fl_log10(x) + fl_asin(x / 14) + fl_acos(x / 14) + fl_exp2(x);
  }
  CHECK(bits(acc) == 0x418fe786702ad54full);
}

TEST_CASE("portable libm edge cases") {
  CHECK(fl_exp(0) == 1.0);
  CHECK(fl_log(1) == 0.0);
  CHECK(fl_pow(2, 10) == 1024.0);
  CHECK(fl_sqrt(2) * fl_sqrt(2) == Approx(2.0));
  CHECK(fl_floor(-1.5) == -2.0);
  CHECK(fl_log(0) == -HUGE_VAL);
}

// AEL's vectorisable elementary functions against the C library, in ulp.
#include "expr/eigen_gcc12.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ael/random.hpp"
#include "expr/primitives.hpp"

namespace ael {
namespace {

template <class T>
double ulp_error(T got, T ref) {
  if (got == ref || (std::isnan(got) && std::isnan(ref))) return 0;
  if (!std::isfinite(got) || !std::isfinite(ref)) return INFINITY;
  const T step = std::fabs(std::nextafter(ref, std::numeric_limits<T>::infinity()) - ref);
  return std::fabs(static_cast<double>(got) - static_cast<double>(ref)) / static_cast<double>(step);
}

template <class T, class F, class G>
double worst_ulp(F fast, G libm, double lo_exp, double hi_exp, bool positive, int samples) {
  Rng rng(42);
  double worst = 0;
  for (int i = 0; i < samples; ++i) {
    T x = static_cast<T>(std::ldexp(
        rng.uniform(0.5, 1.0), static_cast<int>(rng.integer(static_cast<std::int64_t>(lo_exp),
                                                            static_cast<std::int64_t>(hi_exp)))));
    if (!positive && rng.bernoulli(0.5)) x = -x;
    worst = std::max(worst, ulp_error<T>(fast(x), libm(x)));
  }
  return worst;
}

template <class T>
void check_accuracy() {
  using F = expr::FastMath<T>;
  using L = expr::LibmMath<T>;
  const int n = 200000;
  const double trig_hi = std::is_same_v<T, double> ? 45 : 20;  // includes the libm range
  EXPECT_LE(worst_ulp<T>(F::sin, L::sin, -30, trig_hi, false, n), 2.0);
  EXPECT_LE(worst_ulp<T>(F::cos, L::cos, -30, trig_hi, false, n), 2.0);
  EXPECT_LE(worst_ulp<T>(F::tan, L::tan, -30, trig_hi, false, n), 3.0);
  EXPECT_LE(worst_ulp<T>(F::exp, L::exp, -30, std::is_same_v<T, double> ? 9 : 6, false, n), 2.0);
  EXPECT_LE(worst_ulp<T>(F::log_positive, L::log_positive, std::is_same_v<T, double> ? -1070 : -148,
                         std::is_same_v<T, double> ? 1020 : 125, true, n),
            2.0);
  EXPECT_LE(worst_ulp<T>(F::tanh, L::tanh, -30, 6, false, n), 3.0);
}

TEST(FastMathTest, DoubleWithinTwoUlpOfLibm) { check_accuracy<double>(); }
TEST(FastMathTest, FloatWithinTwoUlpOfLibm) { check_accuracy<float>(); }

TEST(FastMathTest, SpecialValues) {
  using F = expr::FastMath<double>;
  EXPECT_EQ(F::exp(0.0), 1.0);
  EXPECT_EQ(F::exp(-1000.0), 0.0);
  EXPECT_EQ(F::exp(1000.0), INFINITY);
  EXPECT_TRUE(std::isnan(F::exp(NAN)));
  EXPECT_GT(F::exp(-740.0), 0.0);  // subnormal results
  EXPECT_NEAR(F::exp(-740.0) / std::exp(-740.0), 1.0, 1e-10);
  EXPECT_EQ(F::log_positive(1.0), 0.0);
  EXPECT_NEAR(F::log_positive(4.9e-324), std::log(4.9e-324), 1e-12);
  EXPECT_EQ(F::sin(0.0), 0.0);
  EXPECT_TRUE(std::isnan(F::sin(INFINITY)));
  EXPECT_TRUE(std::isnan(F::cos(NAN)));
  EXPECT_EQ(F::sin(1e300), std::sin(1e300));  // libm's slow path
}

}  // namespace
}  // namespace ael

// Elementary functions written so that the compiler vectorises loops that call them.
//
// Why not libm: glibc's sin/exp/log are scalar calls (their SIMD variants need
// -ffast-math), and an expression interpreter spends most of its time in them. These
// versions are branch-free inline code (range reduction + polynomial + bit tricks), so a
// plain loop over a row batch compiles to AVX-512 code. Accuracy is within a few ulp of
// libm over the whole range (tests/unit/expr/fast_math_test.cpp measures it). Arguments
// outside the fast range (huge sin/cos arguments, NaN) are finished by libm in a scalar
// fix-up pass, see `needs_libm_*`.
//
// The same inline functions serve the vectorised evaluator and the per-row reference
// evaluator, so the two agree bit for bit. FP contraction is off in ISO C++ mode (g++
// -std=c++17), so every fused multiply-add here is an explicit std::fma.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace ael::expr::fm {

template <class T>
struct Bits;
template <>
struct Bits<double> {
  using Int = std::int64_t;
  static constexpr int mantissa_bits = 52;
  static constexpr Int exponent_bias = 1023;
};
template <>
struct Bits<float> {
  using Int = std::int32_t;
  static constexpr int mantissa_bits = 23;
  static constexpr Int exponent_bias = 127;
};

template <class T>
inline typename Bits<T>::Int to_bits(T x) {
  typename Bits<T>::Int i;
  std::memcpy(&i, &x, sizeof i);
  return i;
}
template <class T>
inline T from_bits(typename Bits<T>::Int i) {
  T x;
  std::memcpy(&x, &i, sizeof x);
  return x;
}

/// 1.5 * 2^mantissa_bits: adding it rounds to an integer (round-half-even) and leaves the
/// integer in the low bits of the representation. Valid for |x| < 2^(mantissa_bits - 1).
template <class T>
constexpr T round_magic() {
  return std::is_same_v<T, double> ? T(0x1.8p52) : T(0x1.8p23f);
}

/// 2^n for integer n in the normal exponent range, built from bits.
template <class T>
inline T pow2i(typename Bits<T>::Int n) {
  using I = typename Bits<T>::Int;
  using U = std::make_unsigned_t<I>;
  return from_bits<T>(
      static_cast<I>(static_cast<U>(n + Bits<T>::exponent_bias) << Bits<T>::mantissa_bits));
}

// ------------------------------------------------------------------------ exp, expm1

template <class T>
struct ExpConst;
template <>
struct ExpConst<double> {
  static constexpr double log2e = 0x1.71547652b82fep+0;
  static constexpr double ln2_1 = 0x1.62e42fefa39efp-1;   // ln 2 rounded
  static constexpr double ln2_2 = 0x1.abc9e3b39803fp-56;  // ln 2 - ln2_1
  static constexpr double lo = -746.0;                    // exp underflows to 0 below
  static constexpr double hi = 709.78;                    // largest finite exp argument
};
template <>
struct ExpConst<float> {
  static constexpr float log2e = 0x1.715476p+0f;
  static constexpr float ln2_1 = 0x1.62e430p-1f;
  static constexpr float ln2_2 = -0x1.05c610p-29f;
  static constexpr float lo = -104.0f;
  static constexpr float hi = 88.72f;
};

/// exp(r) - 1 for |r| <= ln2/2, as a Taylor polynomial (truncation error below 1e-17
/// relative for double, 1e-9 for float).
template <class T>
inline T expm1_reduced(T r) {
  T p;
  if constexpr (std::is_same_v<T, double>) {
    p = 1.0 / 6227020800.0;                 // 1/13!
    p = std::fma(p, r, 1.0 / 479001600.0);  // 1/12!
    p = std::fma(p, r, 1.0 / 39916800.0);
    p = std::fma(p, r, 1.0 / 3628800.0);
    p = std::fma(p, r, 1.0 / 362880.0);
    p = std::fma(p, r, 1.0 / 40320.0);
    p = std::fma(p, r, 1.0 / 5040.0);
    p = std::fma(p, r, 1.0 / 720.0);
    p = std::fma(p, r, 1.0 / 120.0);
    p = std::fma(p, r, 1.0 / 24.0);
    p = std::fma(p, r, 1.0 / 6.0);
    p = std::fma(p, r, 0.5);
  } else {
    p = 1.0f / 5040.0f;
    p = std::fma(p, r, 1.0f / 720.0f);
    p = std::fma(p, r, 1.0f / 120.0f);
    p = std::fma(p, r, 1.0f / 24.0f);
    p = std::fma(p, r, 1.0f / 6.0f);
    p = std::fma(p, r, 0.5f);
  }
  return std::fma(p * r, r, r);  // r + r^2 * p
}

/// Splits x = n ln2 + r with |r| <= ln2/2 (n integral). The first fma is exact.
template <class T>
inline T exp_reduce(T x, typename Bits<T>::Int& n) {
  using C = ExpConst<T>;
  const T t = std::fma(x, C::log2e, round_magic<T>());
  const T nf = t - round_magic<T>();
  n = to_bits(t) - to_bits(round_magic<T>());
  T r = std::fma(-nf, C::ln2_1, x);
  return std::fma(-nf, C::ln2_2, r);
}

/// e^x for every x (NaN gives NaN; the result saturates to +inf / 0 outside the range).
template <class T>
inline T exp(T x) {
  using C = ExpConst<T>;
  using I = typename Bits<T>::Int;
  const T xc = x > C::lo ? (x < C::hi ? x : C::hi) : C::lo;  // NaN -> lo, fixed below
  I n;
  const T r = exp_reduce(xc, n);
  const T p = expm1_reduced(r) + T(1);
  // 2^n in two factors so that results in the subnormal range still come out right.
  const I n1 = n >> 1;
  const I n2 = n - n1;
  T y = p * pow2i<T>(n1) * pow2i<T>(n2);
  y = x > C::hi ? std::numeric_limits<T>::infinity() : y;
  return x != x ? x : y;
}

/// Below this argument e^x is subnormal: exp_normal_range does not apply.
template <class T>
constexpr T exp_normal_limit() {
  return std::is_same_v<T, double> ? T(-708.0) : T(-87.0);
}

/// e^x for exp_normal_limit() <= x <= hi (no NaN): one scale by 2^n instead of two.
/// Bit-identical to exp() there, since scaling by powers of two is exact.
template <class T>
inline T exp_normal_range(T x) {
  typename Bits<T>::Int n;
  const T r = exp_reduce(x, n);
  return (expm1_reduced(r) + T(1)) * pow2i<T>(n);
}

/// e^x - 1 for x in [lo, hi], accurate near 0.
template <class T>
inline T expm1(T x) {
  using C = ExpConst<T>;
  using I = typename Bits<T>::Int;
  const T xc = x > C::lo ? (x < C::hi ? x : C::hi) : C::lo;
  I n;
  const T r = exp_reduce(xc, n);
  const T q = expm1_reduced(r);
  const I n1 = n >> 1;
  const I n2 = n - n1;
  const T s = pow2i<T>(n1) * pow2i<T>(n2);  // 2^n
  return std::fma(s, q, s - T(1));          // 2^n (e^r - 1) + (2^n - 1)
}

// --------------------------------------------------------------------------------- log

template <class T>
struct LogConst;
template <>
struct LogConst<double> {
  static constexpr double ln2_1 = 0x1.62e42fefa3800p-1;  // 42 bits: e * ln2_1 is exact
  static constexpr double ln2_2 = 0x1.ef35793c76730p-45;
  static constexpr double sqrt2 = 0x1.6a09e667f3bcdp+0;
  static constexpr double two_pow_m = 0x1p54;  // scales subnormals into the normal range
  static constexpr int m = 54;
};
template <>
struct LogConst<float> {
  static constexpr float ln2_1 = 0x1.62e4p-1f;  // 16 bits
  static constexpr float ln2_2 = 0x1.7f7d1cp-20f;
  static constexpr float sqrt2 = 0x1.6a09e6p+0f;
  static constexpr float two_pow_m = 0x1p25f;
  static constexpr int m = 25;
};

/// log(x) for normal finite x > 0. The bit trick moves the mantissa into
/// [sqrt(1/2), sqrt(2)) and adjusts the exponent with integer operations only.
template <class T>
inline T log_normal(T x, typename Bits<T>::Int exponent_adjust = 0) {
  using C = LogConst<T>;
  using B = Bits<T>;
  using I = typename B::Int;
  // Offset of sqrt(1/2)'s mantissa: adding it carries into the exponent exactly when
  // the mantissa is >= sqrt(2)/2 * 2, i.e. m >= sqrt(2).
  const I one = to_bits(T(1));
  const I offset = one - to_bits(C::sqrt2 * T(0.5));
  const I bits = to_bits(x) + offset;
  const I e = (bits >> B::mantissa_bits) - B::exponent_bias + exponent_adjust;
  const I mant_mask = (I(1) << B::mantissa_bits) - 1;
  const T m = from_bits<T>((bits & mant_mask) + (one - offset));  // [sqrt(1/2), sqrt(2))
  const T ef = static_cast<T>(e);
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
  const T s = (m - T(1)) / (m + T(1));
  const T z = s * s;
  T p;
  if constexpr (std::is_same_v<T, double>) {
    p = 1.0 / 23.0;
    p = std::fma(p, z, 1.0 / 21.0);
    p = std::fma(p, z, 1.0 / 19.0);
    p = std::fma(p, z, 1.0 / 17.0);
    p = std::fma(p, z, 1.0 / 15.0);
    p = std::fma(p, z, 1.0 / 13.0);
    p = std::fma(p, z, 1.0 / 11.0);
    p = std::fma(p, z, 1.0 / 9.0);
    p = std::fma(p, z, 1.0 / 7.0);
    p = std::fma(p, z, 1.0 / 5.0);
    p = std::fma(p, z, 1.0 / 3.0);
  } else {
    p = 1.0f / 11.0f;
    p = std::fma(p, z, 1.0f / 9.0f);
    p = std::fma(p, z, 1.0f / 7.0f);
    p = std::fma(p, z, 1.0f / 5.0f);
    p = std::fma(p, z, 1.0f / 3.0f);
  }
  const T two_s = s + s;
  const T r = std::fma(two_s * z, p, two_s);  // 2s + 2s z p
  return std::fma(ef, C::ln2_1, std::fma(ef, C::ln2_2, r));
}

/// Natural log for finite x > 0, subnormals included (scaled into the normal range).
template <class T>
inline T log_positive(T x) {
  using C = LogConst<T>;
  using I = typename Bits<T>::Int;
  const bool sub = x < std::numeric_limits<T>::min();
  return log_normal(sub ? x * C::two_pow_m : x, sub ? I(-C::m) : I(0));
}

// ----------------------------------------------------------------------- sin, cos, tan

template <class T>
struct TrigConst;
template <>
struct TrigConst<double> {
  static constexpr double two_over_pi = 0x1.45f306dc9c883p-1;
  static constexpr double pio2_1 = 0x1.921fb54442d18p+0;
  static constexpr double pio2_2 = 0x1.1a62633145c07p-54;
  static constexpr double pio2_3 = -0x1.f1976b7ed8fbcp-110;
  static constexpr double inv_pi = 0x1.45f306dc9c883p-2;
  static constexpr double pi_1 = 0x1.921fb54442d18p+1;
  static constexpr double pi_2 = 0x1.1a62633145c07p-53;
  static constexpr double pi_3 = -0x1.f1976b7ed8fbcp-109;
  static constexpr double fast_limit = 0x1p40;  // beyond: libm (Payne-Hanek)
};
template <>
struct TrigConst<float> {
  static constexpr float two_over_pi = 0x1.45f306p-1f;
  static constexpr float pio2_1 = 0x1.921fb6p+0f;
  static constexpr float pio2_2 = -0x1.777a5cp-25f;
  static constexpr float pio2_3 = -0x1.ee59dap-50f;
  static constexpr float inv_pi = 0x1.45f306p-2f;
  static constexpr float pi_1 = 0x1.921fb6p+1f;
  static constexpr float pi_2 = -0x1.777a5cp-24f;
  static constexpr float pi_3 = -0x1.ee59dap-49f;
  static constexpr float fast_limit = 0x1p17f;
};

/// x = q pi/2 + r, |r| <= pi/4 (slightly more at ties). The first fma is exact because
/// pio2_1 * q and x share a grid of 2^-52 (2^-23); the later terms carry pi's tail.
template <class T>
inline T trig_reduce(T x, typename Bits<T>::Int& q) {
  using C = TrigConst<T>;
  const T t = std::fma(x, C::two_over_pi, round_magic<T>());
  const T nf = t - round_magic<T>();
  q = to_bits(t) - to_bits(round_magic<T>());
  T r = std::fma(-nf, C::pio2_1, x);
  r = std::fma(-nf, C::pio2_2, r);
  return std::fma(-nf, C::pio2_3, r);
}

/// sin(r) for |r| <= pi/4 + eps (Taylor to r^15 / r^9).
template <class T>
inline T sin_reduced(T r) {
  const T z = r * r;
  T p;
  if constexpr (std::is_same_v<T, double>) {
    p = -1.0 / 1307674368000.0;
    p = std::fma(p, z, 1.0 / 6227020800.0);
    p = std::fma(p, z, -1.0 / 39916800.0);
    p = std::fma(p, z, 1.0 / 362880.0);
    p = std::fma(p, z, -1.0 / 5040.0);
    p = std::fma(p, z, 1.0 / 120.0);
    p = std::fma(p, z, -1.0 / 6.0);
  } else {
    p = 1.0f / 362880.0f;
    p = std::fma(p, z, -1.0f / 5040.0f);
    p = std::fma(p, z, 1.0f / 120.0f);
    p = std::fma(p, z, -1.0f / 6.0f);
  }
  return std::fma(r * z, p, r);
}

/// cos(r) for |r| <= pi/4 + eps (Taylor to r^16 / r^10).
template <class T>
inline T cos_reduced(T r) {
  const T z = r * r;
  T p;
  if constexpr (std::is_same_v<T, double>) {
    p = 1.0 / 20922789888000.0;
    p = std::fma(p, z, -1.0 / 87178291200.0);
    p = std::fma(p, z, 1.0 / 479001600.0);
    p = std::fma(p, z, -1.0 / 3628800.0);
    p = std::fma(p, z, 1.0 / 40320.0);
    p = std::fma(p, z, -1.0 / 720.0);
    p = std::fma(p, z, 1.0 / 24.0);
  } else {
    p = -1.0f / 3628800.0f;
    p = std::fma(p, z, 1.0f / 40320.0f);
    p = std::fma(p, z, -1.0f / 720.0f);
    p = std::fma(p, z, 1.0f / 24.0f);
  }
  // 1 - z/2 + z^2 p, with the large terms added last.
  const T hz = T(0.5) * z;
  const T w = T(1) - hz;
  return w + ((T(1) - w - hz) + z * z * p);
}

/// True when the fast path does not apply (|x| too large, inf, NaN): finish with libm.
template <class T>
inline bool needs_libm_trig(T x) {
  return !(std::fabs(x) < TrigConst<T>::fast_limit);
}

/// sin(r) for |r| <= pi/2 + eps, one odd Taylor polynomial (to r^23 / r^13): half the
/// work of evaluating both quadrant polynomials and selecting.
template <class T>
inline T sin_half_period(T r) {
  const T z = r * r;
  T p;
  if constexpr (std::is_same_v<T, double>) {
    p = -1.0 / 25852016738884976640000.0;  // -1/23!
    p = std::fma(p, z, 1.0 / 51090942171709440000.0);
    p = std::fma(p, z, -1.0 / 121645100408832000.0);
    p = std::fma(p, z, 1.0 / 355687428096000.0);
    p = std::fma(p, z, -1.0 / 1307674368000.0);
    p = std::fma(p, z, 1.0 / 6227020800.0);
    p = std::fma(p, z, -1.0 / 39916800.0);
    p = std::fma(p, z, 1.0 / 362880.0);
    p = std::fma(p, z, -1.0 / 5040.0);
    p = std::fma(p, z, 1.0 / 120.0);
    p = std::fma(p, z, -1.0 / 6.0);
  } else {
    p = 1.0f / 6227020800.0f;
    p = std::fma(p, z, -1.0f / 39916800.0f);
    p = std::fma(p, z, 1.0f / 362880.0f);
    p = std::fma(p, z, -1.0f / 5040.0f);
    p = std::fma(p, z, 1.0f / 120.0f);
    p = std::fma(p, z, -1.0f / 6.0f);
  }
  return std::fma(r * z, p, r);
}

/// Flips the sign of v when the integer n is odd (an xor of the sign bit).
template <class T>
inline T negate_if_odd(T v, typename Bits<T>::Int n) {
  using I = typename Bits<T>::Int;
  using U = std::make_unsigned_t<I>;
  constexpr int sign_shift = sizeof(T) * 8 - 1;
  return from_bits<T>(to_bits(v) ^ static_cast<I>(static_cast<U>(n) << sign_shift));
}

/// sin(x) = (-1)^n sin(x - n pi), n = round(x / pi). The first fma is exact for the same
/// reason as in trig_reduce.
template <class T>
inline T sin_fast(T x) {
  using C = TrigConst<T>;
  using I = typename Bits<T>::Int;
  const T xc = needs_libm_trig(x) ? T(0) : x;
  const T t = std::fma(xc, C::inv_pi, round_magic<T>());
  const T nf = t - round_magic<T>();
  const I n = to_bits(t) - to_bits(round_magic<T>());
  T r = std::fma(-nf, C::pi_1, xc);
  r = std::fma(-nf, C::pi_2, r);
  r = std::fma(-nf, C::pi_3, r);
  return negate_if_odd(sin_half_period(r), n);
}

/// cos(x) = sin(x + pi/2) = (-1)^(n+1) sin(x - (n + 1/2) pi), n = round(x / pi - 1/2).
template <class T>
inline T cos_fast(T x) {
  using C = TrigConst<T>;
  using I = typename Bits<T>::Int;
  const T xc = needs_libm_trig(x) ? T(0) : x;
  const T t = std::fma(xc, C::inv_pi, T(-0.5)) + round_magic<T>();
  const T nh = (t - round_magic<T>()) + T(0.5);
  const I n = to_bits(t) - to_bits(round_magic<T>());
  T r = std::fma(-nh, C::pi_1, xc);
  r = std::fma(-nh, C::pi_2, r);
  r = std::fma(-nh, C::pi_3, r);
  return negate_if_odd(sin_half_period(r), n + 1);
}

template <class T>
inline T tan_fast(T x) {
  using I = typename Bits<T>::Int;
  const T xc = needs_libm_trig(x) ? T(0) : x;
  I q;
  const T r = trig_reduce(xc, q);
  const T s = sin_reduced(r);
  const T c = cos_reduced(r);
  return (q & 1) ? -c / s : s / c;
}

/// Scalar versions with the libm fall-back folded in (reference evaluator, fix-ups).
template <class T>
inline T sin(T x) {
  return needs_libm_trig(x) ? std::sin(x) : sin_fast(x);
}
template <class T>
inline T cos(T x) {
  return needs_libm_trig(x) ? std::cos(x) : cos_fast(x);
}
template <class T>
inline T tan(T x) {
  return needs_libm_trig(x) ? std::tan(x) : tan_fast(x);
}

}  // namespace ael::expr::fm

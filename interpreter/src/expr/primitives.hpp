// The arithmetic of every primitive, as scalar inline functions.
//
// FastPrims is what AEL computes: the vectorised evaluator calls these same functions in
// its batch loops and the per-row reference evaluator calls them one value at a time, so
// the two agree bit for bit. LibmPrims has the same protected rules on top of the C
// library's elementary functions: it is what the exported C and Lua code computes, and
// the tests compare the compiled exports against it exactly.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>

#include "expr/fast_math.hpp"

namespace ael::expr {

/// safe_exp's clamp: the paper's exp(100) in float64; in float32 exp(100) overflows, so
/// AEL clamps at 88 there (exp(88) = 1.65e38 < FLT_MAX).
template <class T>
constexpr T exp_clamp() {
  return std::is_same_v<T, double> ? T(100) : T(88);
}

/// Beyond this |x|, tanh(x) rounds to +-1.
template <class T>
constexpr T tanh_saturation() {
  return std::is_same_v<T, double> ? T(20) : T(9);
}

template <class T>
constexpr T largest() {
  return std::numeric_limits<T>::max();
}

/// Branch-free select through bit masks: compilers if-convert this reliably.
template <class T>
inline T select(bool c, T a, T b) {
  using I = typename fm::Bits<T>::Int;
  const I m = -static_cast<I>(c);
  return fm::from_bits<T>((fm::to_bits(a) & m) | (fm::to_bits(b) & ~m));
}

/// The rules shared by both arithmetics; Math supplies exp/log/sin/cos/tan/tanh.
template <class T, class Math>
struct Prims {
  static T add(T a, T b) { return a + b; }
  static T sub(T a, T b) { return a - b; }
  static T mul(T a, T b) { return a * b; }
  static T neg(T a) { return -a; }
  static T square(T a) { return a * a; }
  static T cube(T a) { return (a * a) * a; }
  static T abs(T a) { return std::fabs(a); }
  static T max(T a, T b) { return a < b ? b : a; }
  static T min(T a, T b) { return b < a ? b : a; }

  /// a / b, or 1 when the quotient is not finite (b = 0, overflow, NaN operand).
  static T div(T a, T b) {
    const T q = a / b;
    return select(std::fabs(q) <= largest<T>(), q, T(1));
  }
  /// exp(a < c ? a : c): NaN takes the clamp too (the paper's np.where does the same).
  static T exp(T a) { return Math::exp(exp_argument(a)); }
  static T exp_argument(T a) { return a < exp_clamp<T>() ? a : exp_clamp<T>(); }
  /// log(min(a, largest)) for a > 0, else 0 (NaN included).
  static T log(T a) { return select(a > T(0), Math::log_positive(log_argument(a)), T(0)); }
  /// The argument log is computed on: a clamped into (0, largest], 1 when a <= 0 or NaN.
  /// (Mask selects: with ternaries GCC 12 turns this into branches and stops vectorising.)
  static T log_argument(T a) {
    const T s = select(a > T(0), a, T(1));
    return select(s < largest<T>(), s, largest<T>());
  }
  /// sqrt(min(a, largest)) for a >= 0, else 0 (NaN included).
  static T sqrt(T a) {
    T s = a >= T(0) ? a : T(0);
    s = s < largest<T>() ? s : largest<T>();
    return Math::sqrt(s);
  }
  /// C pow, or 1 when the result is not finite.
  static T pow(T a, T b) {
    const T r = std::pow(a, b);
    return select(std::fabs(r) <= largest<T>(), r, T(1));
  }
  static T sin(T a) { return Math::sin(a); }
  static T cos(T a) { return Math::cos(a); }
  static T tan(T a) { return Math::tan(a); }
  static T tanh(T a) { return Math::tanh(a); }
  static T sigmoid(T a) { return T(1) / (T(1) + Math::exp(-a)); }
};

/// AEL's own vectorisable elementary functions.
template <class T>
struct FastMath {
  static T exp(T a) { return fm::exp(a); }
  static T log_positive(T a) { return fm::log_positive(a); }
  static T sqrt(T a) { return std::sqrt(a); }
  static T sin(T a) { return fm::sin(a); }
  static T cos(T a) { return fm::cos(a); }
  static T tan(T a) { return fm::tan(a); }
  /// sign(a) * expm1(2|a|) / (expm1(2|a|) + 2): accurate near 0, saturates to +-1.
  static T tanh(T a) {
    const T ax = std::fabs(a);
    const bool big = ax > tanh_saturation<T>();
    const T t = fm::expm1(T(2) * (big ? T(0) : ax));
    const T r = big ? T(1) : t / (t + T(2));
    return a != a ? a : std::copysign(r, a);
  }
};

/// The C library's elementary functions (what exported code calls).
template <class T>
struct LibmMath {
  static T exp(T a) { return std::exp(a); }
  static T log_positive(T a) { return std::log(a); }
  static T sqrt(T a) { return std::sqrt(a); }
  static T sin(T a) { return std::sin(a); }
  static T cos(T a) { return std::cos(a); }
  static T tan(T a) { return std::tan(a); }
  static T tanh(T a) { return std::tanh(a); }
};

template <class T>
using FastPrims = Prims<T, FastMath<T>>;
template <class T>
using LibmPrims = Prims<T, LibmMath<T>>;

}  // namespace ael::expr

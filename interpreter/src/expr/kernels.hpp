// Batch kernels: one primitive over a fixed-size batch of N rows.
//
// Each kernel is a plain loop over FastPrims, written so that the compiler vectorises it
// (fixed trip count, no calls, selects through masks). `out` may alias an input at the
// same index (the evaluator works in place); the loop pragma tells the compiler that
// there is no loop-carried dependency, which holds for element-wise work.
#pragma once

#include <cmath>
#include <limits>

#if defined(__AVX512F__) || defined(__AVX__)
#include <immintrin.h>
#endif

#include "ael/expression.hpp"
#include "expr/primitives.hpp"

#if defined(__clang__)
#define AEL_SIMD_LOOP _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define AEL_SIMD_LOOP _Pragma("GCC ivdep")
#else
#define AEL_SIMD_LOOP
#endif

namespace ael::expr {

/// IEEE square root of N values in place, with the widest vector instruction available.
template <int N>
inline void sqrt_in_place(double* v) {
#if defined(__AVX512F__)
  static_assert(N % 8 == 0, "batch must be a multiple of 8");
  for (int i = 0; i < N; i += 8) _mm512_storeu_pd(v + i, _mm512_sqrt_pd(_mm512_loadu_pd(v + i)));
#elif defined(__AVX__)
  static_assert(N % 4 == 0, "batch must be a multiple of 4");
  for (int i = 0; i < N; i += 4) _mm256_storeu_pd(v + i, _mm256_sqrt_pd(_mm256_loadu_pd(v + i)));
#else
  for (int i = 0; i < N; ++i) v[i] = std::sqrt(v[i]);
#endif
}

template <int N>
inline void sqrt_in_place(float* v) {
#if defined(__AVX512F__)
  static_assert(N % 16 == 0, "batch must be a multiple of 16");
  for (int i = 0; i < N; i += 16) _mm512_storeu_ps(v + i, _mm512_sqrt_ps(_mm512_loadu_ps(v + i)));
#elif defined(__AVX__)
  static_assert(N % 8 == 0, "batch must be a multiple of 8");
  for (int i = 0; i < N; i += 8) _mm256_storeu_ps(v + i, _mm256_sqrt_ps(_mm256_loadu_ps(v + i)));
#else
  for (int i = 0; i < N; ++i) v[i] = std::sqrt(v[i]);
#endif
}

template <class T, int N>
struct Kernels {
  using P = FastPrims<T>;

  template <class F>
  static void map1(T* out, const T* a, F f) {
    AEL_SIMD_LOOP
    for (int i = 0; i < N; ++i) out[i] = f(a[i]);
  }
  template <class F>
  static void map2(T* out, const T* a, const T* b, F f) {
    AEL_SIMD_LOOP
    for (int i = 0; i < N; ++i) out[i] = f(a[i], b[i]);
  }

  /// True when some value needs libm's slow path for sin/cos/tan.
  static bool any_large(const T* a) {
    int flag = 0;
    AEL_SIMD_LOOP
    for (int i = 0; i < N; ++i) flag |= fm::needs_libm_trig(a[i]) ? 1 : 0;
    return flag != 0;
  }

  /// Protected exp: the one-scale vector path unless some result is subnormal.
  static void exp(T* out, const T* a) {
    int slow = 0;
    AEL_SIMD_LOOP
    // exp_argument only lowers values (NaN becomes the clamp), so this tests a directly.
    for (int i = 0; i < N; ++i) slow |= a[i] < fm::exp_normal_limit<T>() ? 1 : 0;
    if (slow) {
      for (int i = 0; i < N; ++i) out[i] = P::exp(a[i]);
    } else {
      map1(out, a, [](T x) { return fm::exp_normal_range(P::exp_argument(x)); });
    }
  }

  /// Protected log: the normal-range vector path unless some argument is subnormal.
  static void log(T* out, const T* a) {
    int slow = 0;
    AEL_SIMD_LOOP
    // Subnormal positive arguments (no && : keeps the loop free of branches).
    for (int i = 0; i < N; ++i) {
      slow |=
          static_cast<int>(a[i] > T(0)) & static_cast<int>(a[i] < std::numeric_limits<T>::min());
    }
    if (slow) {
      for (int i = 0; i < N; ++i) out[i] = P::log(a[i]);
    } else {
      map1(out, a, [](T x) { return select(x > T(0), fm::log_normal(P::log_argument(x)), T(0)); });
    }
  }

  // Trigonometry: the vector path when every argument is in range (the common case),
  // otherwise the scalar functions with their libm fall-back.
  static void sin(T* out, const T* a) {
    if (any_large(a)) {
      for (int i = 0; i < N; ++i) out[i] = fm::sin(a[i]);
    } else {
      map1(out, a, [](T x) { return fm::sin_fast(x); });
    }
  }
  static void cos(T* out, const T* a) {
    if (any_large(a)) {
      for (int i = 0; i < N; ++i) out[i] = fm::cos(a[i]);
    } else {
      map1(out, a, [](T x) { return fm::cos_fast(x); });
    }
  }
  static void tan(T* out, const T* a) {
    if (any_large(a)) {
      for (int i = 0; i < N; ++i) out[i] = fm::tan(a[i]);
    } else {
      map1(out, a, [](T x) { return fm::tan_fast(x); });
    }
  }

  /// Protected sqrt: clamp into [0, largest] (vector loop), then the hardware's IEEE
  /// square root (a std::sqrt loop is not vectorised while math-errno is on, and
  /// Eigen's fast-math float sqrt is not correctly rounded).
  static void sqrt(T* out, const T* a) {
    map1(out, a, [](T x) {
      T s = x >= T(0) ? x : T(0);
      return s < largest<T>() ? s : largest<T>();
    });
    sqrt_in_place<N>(out);
  }

  static void unary(ExprOp op, T* out, const T* a) {
    switch (op) {
      case ExprOp::Neg:
        return map1(out, a, [](T x) { return P::neg(x); });
      case ExprOp::Sin:
        return sin(out, a);
      case ExprOp::Cos:
        return cos(out, a);
      case ExprOp::Tan:
        return tan(out, a);
      case ExprOp::Exp:
        return exp(out, a);
      case ExprOp::Log:
        return log(out, a);
      case ExprOp::Sqrt:
        return sqrt(out, a);
      case ExprOp::Square:
        return map1(out, a, [](T x) { return P::square(x); });
      case ExprOp::Cube:
        return map1(out, a, [](T x) { return P::cube(x); });
      case ExprOp::Tanh:
        return map1(out, a, [](T x) { return P::tanh(x); });
      case ExprOp::Abs:
        return map1(out, a, [](T x) { return P::abs(x); });
      case ExprOp::Sigmoid:
        return map1(out, a, [](T x) { return P::sigmoid(x); });
      default:
        break;
    }
  }

  static void binary(ExprOp op, T* out, const T* a, const T* b) {
    switch (op) {
      case ExprOp::Add:
        return map2(out, a, b, [](T x, T y) { return P::add(x, y); });
      case ExprOp::Sub:
        return map2(out, a, b, [](T x, T y) { return P::sub(x, y); });
      case ExprOp::Mul:
        return map2(out, a, b, [](T x, T y) { return P::mul(x, y); });
      case ExprOp::Div:
        return map2(out, a, b, [](T x, T y) { return P::div(x, y); });
      case ExprOp::Max:
        return map2(out, a, b, [](T x, T y) { return P::max(x, y); });
      case ExprOp::Min:
        return map2(out, a, b, [](T x, T y) { return P::min(x, y); });
      // pow has no vector form: C pow per element (it is not in the paper's set).
      case ExprOp::Pow:
        for (int i = 0; i < N; ++i) out[i] = P::pow(a[i], b[i]);
        return;
      default:
        break;
    }
  }

  /// Sum of squared differences over a full batch, in double, with independent lanes
  /// (a fixed summation order that the compiler can still vectorise).
  static double sse(const T* pred, const T* y) {
    constexpr int L = 8;
    double acc[L] = {};
    for (int i = 0; i < N; i += L) {
      for (int j = 0; j < L; ++j) {
        const double d = static_cast<double>(pred[i + j]) - static_cast<double>(y[i + j]);
        acc[j] += d * d;
      }
    }
    double s = 0;
    for (int j = 0; j < L; ++j) s += acc[j];
    return s;
  }
};

}  // namespace ael::expr

// ael/random.hpp — AEL's one source of randomness (part of the public SDK).
//
// Reproducibility rule: every random thing in AEL takes its numbers from an `ael::Rng`,
// and every Rng is derived from a user seed plus a path of integer keys, e.g.
// (run seed, task index, individual, generation). Streams are derived by hashing, not by
// advancing a shared generator, so the numbers a task sees do not depend on which thread
// runs it or in what order: `-j1` and `-j16` give the same results.
//
// The generator is xoshiro256** (Blackman & Vigna) seeded through SplitMix64. The
// distributions are implemented here (not std::normal_distribution & co., whose output
// differs between standard libraries), so the same seed gives the same numbers with
// g++/libstdc++ and clang++/libc++.
#pragma once

#include "ael/export.h"

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <utility>

namespace ael {

/// SplitMix64 step: a strong 64-bit mixer, used to derive seeds and stream keys.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Mixes a key into a seed; used to derive child streams.
inline std::uint64_t mix_key(std::uint64_t seed, std::uint64_t key) {
  std::uint64_t s = seed ^ (key * 0xD6E8FEB86659FD93ULL + 0x632BE59BD9B4E019ULL);
  splitmix64(s);
  return splitmix64(s);
}

/// A small, fast, reproducible random generator with the distributions AEL needs.
/// Satisfies UniformRandomBitGenerator, so it also works with std::shuffle.
class AEL_API Rng {
 public:
  using result_type = std::uint64_t;

  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }

  /// The stream for (seed, k1, k2, ...): independent of any other generator's state.
  static Rng stream(std::uint64_t seed, std::initializer_list<std::uint64_t> keys) {
    std::uint64_t s = seed;
    for (std::uint64_t k : keys) s = mix_key(s, k);
    return Rng(s);
  }

  /// A child stream keyed by `key`. Does not advance this generator.
  Rng fork(std::uint64_t key) const { return Rng(mix_key(seed_, key)); }

  /// The seed this generator was created from (children derive from it).
  std::uint64_t seed() const { return seed_; }

  void reseed(std::uint64_t seed) {
    seed_ = seed;
    std::uint64_t sm = seed;
    for (auto& word : s_) word = splitmix64(sm);
  }

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() { return next_u64(); }

  std::uint64_t next_u64() {
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

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  /// Uniform in [a, b).
  double uniform(double a, double b) { return a + (b - a) * uniform(); }

  /// Uniform integer in [0, n) without modulo bias (Lemire's method). n = 0 stands for
  /// 2^64, the full range, so every span of integers has a representation.
  std::uint64_t below(std::uint64_t n) {
    if (n == 0) return next_u64();
    std::uint64_t x = next_u64();
    __uint128_t m = static_cast<__uint128_t>(x) * n;
    std::uint64_t low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        x = next_u64();
        m = static_cast<__uint128_t>(x) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  /// Uniform integer in [lo, hi], both included, for any lo <= hi (the full int64 range
  /// too); reversed bounds are read as [hi, lo]. The span is computed unsigned, where
  /// hi - lo cannot overflow.
  std::int64_t integer(std::int64_t lo, std::int64_t hi) {
    if (hi < lo) std::swap(lo, hi);
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    const std::uint64_t offset = below(span + 1);  // span + 1 wraps to 0 = 2^64
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + offset);
  }

  /// Standard normal N(0, 1), Marsaglia's polar method (no cached second value, so a
  /// generator's state is its whole story).
  double normal() {
    double u, v, s;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    return u * std::sqrt(-2.0 * std::log(s) / s);
  }

  double normal(double mean, double stddev) { return mean + stddev * normal(); }

  /// Cauchy(0, scale): CoSyNE's mutation distribution.
  double cauchy(double scale = 1.0) {
    double u;
    do u = uniform();
    while (u == 0.0 || u == 0.5);
    return scale * std::tan(3.14159265358979323846 * (u - 0.5));
  }

  bool bernoulli(double p) { return uniform() < p; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t seed_ = 0;
  std::uint64_t s_[4] = {0, 0, 0, 0};
};

}  // namespace ael

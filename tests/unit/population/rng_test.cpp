// Known answers for ael::Rng. The expected numbers come from an independent Python
// transcription of the reference SplitMix64 and xoshiro256** (Vigna's C code), not from
// this implementation; SplitMix64(0)'s first output is the published 0xE220A8397B1DCDAF.
#include "ael/random.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace ael {
namespace {

TEST(Rng, SplitMixMatchesTheReference) {
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xE220A8397B1DCDAFULL);
}

TEST(Rng, XoshiroMatchesTheReference) {
  Rng rng(42);
  EXPECT_EQ(rng.next_u64(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(rng.next_u64(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(rng.next_u64(), 0xae17533239e499a1ULL);
  Rng again(42);
  EXPECT_DOUBLE_EQ(again.uniform(), 0.08386297105988216);
  EXPECT_DOUBLE_EQ(again.uniform(), 0.3789802506626686);
}

TEST(Rng, BelowAndIntegerMatchLemiresMethod) {
  Rng rng(7);
  std::vector<std::uint64_t> below;
  for (int i = 0; i < 8; ++i) below.push_back(rng.below(10));
  EXPECT_EQ(below, (std::vector<std::uint64_t>{7, 2, 8, 9, 9, 8, 0, 1}));
  Rng ints(7);
  std::vector<std::int64_t> got;
  for (int i = 0; i < 8; ++i) got.push_back(ints.integer(-3, 3));
  EXPECT_EQ(got, (std::vector<std::int64_t>{1, -2, 2, 3, 3, 3, -3, -3}));
}

TEST(Rng, IntegerCoversTheFullRangeWithoutOverflow) {
  constexpr auto lo = std::numeric_limits<std::int64_t>::min();
  constexpr auto hi = std::numeric_limits<std::int64_t>::max();
  Rng rng(7);
  // The whole range: lo + the raw 64-bit output (-5523389002881075622 as int64), mod 2^64.
  EXPECT_EQ(rng.integer(lo, hi), 3699983033973700186LL);
  Rng wide(1);
  bool negative = false, positive = false;
  for (int i = 0; i < 64; ++i) {
    const std::int64_t v = wide.integer(lo, hi);
    negative |= v < 0;
    positive |= v > 0;
  }
  EXPECT_TRUE(negative && positive);
  // Spans above INT64_MAX (hi - lo would overflow in signed arithmetic).
  Rng half(3);
  for (int i = 0; i < 1000; ++i) {
    const std::int64_t v = half.integer(lo + 1, hi / 2);
    EXPECT_GE(v, lo + 1);
    EXPECT_LE(v, hi / 2);
  }
  EXPECT_EQ(rng.integer(5, 5), 5);
  EXPECT_EQ(rng.integer(hi, hi), hi);
  EXPECT_EQ(rng.integer(lo, lo), lo);
}

TEST(Rng, ReversedBoundsAreTheSameInterval) {
  Rng a(11), b(11);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.integer(9, -4), b.integer(-4, 9));
}

TEST(Rng, BelowZeroIsTheFullRange) {
  Rng a(5), b(5);
  EXPECT_EQ(a.below(0), b.next_u64());
}

TEST(Rng, StreamsDependOnlyOnSeedAndKeys) {
  Rng a = Rng::stream(9, {1, 2});
  Rng parent(0);
  parent.next_u64();
  Rng b = Rng::stream(9, {1, 2});
  Rng c = Rng::stream(9, {2, 1});
  const std::uint64_t first = a.next_u64();
  EXPECT_EQ(first, b.next_u64());
  EXPECT_NE(first, c.next_u64());
  EXPECT_EQ(Rng(9).fork(4).next_u64(), Rng(9).fork(4).next_u64());
}

}  // namespace
}  // namespace ael

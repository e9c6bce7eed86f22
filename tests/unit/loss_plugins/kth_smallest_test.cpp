// The radix selection behind the median heuristic, against std::nth_element: every pass
// count (a gather after one pass, full passes down to the last digit), duplicates, zeros
// and -0.0, values split over several runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "ael/random.hpp"
#include "mmd/kth_smallest.hpp"

namespace {

template <class S>
std::vector<S> sorted(std::vector<S> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Selects from `values` split into runs of irregular lengths (like the triangle columns).
template <class S>
S select(ael_mmd::KthSmallest<S>& kth, const std::vector<S>& values, std::uint64_t k) {
  auto visit = [&](auto&& f) {
    std::size_t start = 0, len = 1;
    while (start < values.size()) {
      const std::size_t l = std::min(len, values.size() - start);
      f(values.data() + start, static_cast<long>(l));
      start += l;
      len = len * 3 % 1000 + 1;
    }
  };
  return kth(visit, k);
}

template <class S>
void check_all_ranks_of(const std::vector<S>& values, std::size_t stride) {
  ael_mmd::KthSmallest<S> kth;
  const std::vector<S> ref = sorted(values);
  for (std::size_t k = 0; k < values.size(); k += stride) {
    ASSERT_EQ(select(kth, values, k), ref[k]) << "k = " << k;
  }
  ASSERT_EQ(select(kth, values, values.size() - 1), ref.back());
}

template <class S>
class KthSmallestTest : public ::testing::Test {};
using Scalars = ::testing::Types<float, double>;
TYPED_TEST_SUITE(KthSmallestTest, Scalars);

TYPED_TEST(KthSmallestTest, SmallSetsEveryRank) {
  using S = TypeParam;
  ael::Rng rng(1);
  std::vector<S> v;
  for (int i = 0; i < 500; ++i) v.push_back(static_cast<S>(rng.uniform(0, 10)));
  v.push_back(S(0));
  v.push_back(-S(0));
  v.push_back(S(3));
  v.push_back(S(3));
  check_all_ranks_of(v, 1);
}

TYPED_TEST(KthSmallestTest, LargeSetsNeedSeveralPasses) {
  using S = TypeParam;
  ael::Rng rng(2);
  // A narrow range puts far more values than the gather limit in one top-digit bucket.
  std::vector<S> v;
  for (int i = 0; i < 200000; ++i) v.push_back(static_cast<S>(rng.uniform(1.0, 1.001)));
  check_all_ranks_of(v, 9973);
  // Squared distances of normal points: a wide spread of exponents.
  std::vector<S> w;
  for (int i = 0; i < 150000; ++i) {
    const double a = rng.normal(), b = rng.normal();
    w.push_back(static_cast<S>(a * a + b * b));
  }
  check_all_ranks_of(w, 7919);
}

TYPED_TEST(KthSmallestTest, ManyEqualValues) {
  using S = TypeParam;
  std::vector<S> v(100000, S(2.5));
  v[17] = S(1);
  v[99999] = S(7);
  ael_mmd::KthSmallest<S> kth;
  EXPECT_EQ(select(kth, v, 0), S(1));
  EXPECT_EQ(select(kth, v, 1), S(2.5));
  EXPECT_EQ(select(kth, v, 50000), S(2.5));
  EXPECT_EQ(select(kth, v, 99999), S(7));
}

}  // namespace

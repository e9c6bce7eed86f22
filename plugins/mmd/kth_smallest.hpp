// Exact k-th smallest of a large set of non-negative floating-point values that lives in
// several buffers (the blocks of a pairwise-distance matrix), without copying them.
//
// Radix selection: for non-negative IEEE values the bit patterns, read as unsigned
// integers, are ordered like the values. Each pass histograms one 16-bit digit of the
// values whose higher digits match the prefix found so far, and picks the bucket holding
// the k-th value. Once the bucket is small, its members are gathered and finished with
// nth_element. A float needs at most two passes, a double at most four; each is a
// streaming read (cheaper than nth_element over a copy of tens of millions of values).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace ael_mmd {

template <class S>
class KthSmallest {
 public:
  using Key = std::conditional_t<sizeof(S) == 4, std::uint32_t, std::uint64_t>;
  static_assert(sizeof(Key) == sizeof(S), "S must be float or double");

  KthSmallest() : hist_(kBuckets), gathered_(kGatherLimit) {}

  /// The k-th smallest (0-based) of the values `visit` shows. `visit(f)` must call
  /// f(const S* data, long len) once per contiguous run of values, the same runs every
  /// time. Values must be >= 0 (-0.0 is read as 0); k must be less than their count.
  template <class Visit>
  S operator()(const Visit& visit, std::uint64_t k) {
    Key prefix = 0;
    for (int shift = kBits - kDigit;; shift -= kDigit) {
      histogram(visit, prefix, shift);
      std::uint64_t below = 0;
      Key bucket = 0;
      while (below + hist_[bucket] <= k) below += hist_[bucket++];
      const std::uint64_t count = hist_[bucket];
      k -= below;
      prefix |= bucket << shift;
      if (shift == 0) return from_key(prefix);
      if (count <= kGatherLimit) return finish(visit, prefix, shift, k);
    }
  }

 private:
  static constexpr int kBits = 8 * sizeof(Key);
  static constexpr int kDigit = 16;
  static constexpr std::size_t kBuckets = std::size_t{1} << kDigit;
  static constexpr std::size_t kGatherLimit = std::size_t{1} << 14;

  static Key key_of(S v) {
    const S positive = v + S(0);  // -0.0 + 0.0 is +0.0
    Key k;
    std::memcpy(&k, &positive, sizeof k);
    return k;
  }
  static S from_key(Key k) {
    S v;
    std::memcpy(&v, &k, sizeof v);
    return v;
  }

  // Fills hist_ with the digit at `shift` of the values whose digits above it equal
  // prefix's.
  template <class Visit>
  void histogram(const Visit& visit, Key prefix, int shift) {
    std::fill(hist_.begin(), hist_.end(), 0);
    std::uint64_t* hist = hist_.data();
    const int high = shift + kDigit;
    if (high >= kBits) {
      visit([&](const S* p, long len) {
        for (long i = 0; i < len; ++i) ++hist[key_of(p[i]) >> shift];
      });
    } else {
      const Key want = prefix >> high;
      visit([&](const S* p, long len) {
        for (long i = 0; i < len; ++i) {
          const Key key = key_of(p[i]);
          if ((key >> high) == want) ++hist[(key >> shift) & (kBuckets - 1)];
        }
      });
    }
  }

  template <class Visit>
  S finish(const Visit& visit, Key prefix, int shift, std::uint64_t k) {
    const Key want = prefix >> shift;
    std::size_t n = 0;
    S* out = gathered_.data();
    visit([&](const S* p, long len) {
      for (long i = 0; i < len; ++i) {
        if ((key_of(p[i]) >> shift) == want) out[n++] = p[i] + S(0);
      }
    });
    std::nth_element(out, out + k, out + n);
    return out[k];
  }

  std::vector<std::uint64_t> hist_;
  std::vector<S> gathered_;
};

}  // namespace ael_mmd

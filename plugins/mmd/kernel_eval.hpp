// Evaluates a (multi-scale) kernel over a run of squared distances in place: returns the
// sum of k(d) and overwrites each d with coeff * dk/dd. Works in chunks of stack arrays
// so the exponentials vectorise and nothing is allocated.
#pragma once

#include <ael/tensor.hpp>
#include <algorithm>
#include <vector>

#include "mmd_config.hpp"

namespace ael_mmd {

template <class S>
class KernelEval {
 public:
  /// One kernel per scale s of the multi-scale sum, with bandwidth r_s = base * s.
  KernelEval(KernelKind kind, const std::vector<double>& scales) : kind_(kind) {
    for (double s : scales) inv_scales_.push_back(1 / s);
    inv_r_.resize(scales.size());
  }

  /// Sets the base bandwidth (the median, or 1 for fixed bandwidths).
  void set_base(double base) {
    for (std::size_t i = 0; i < inv_r_.size(); ++i) {
      inv_r_[i] = static_cast<S>(inv_scales_[i] / base);
    }
  }

  double apply(S* d, ael::Index len, S coeff) const {
    double total = 0;
    for (ael::Index start = 0; start < len; start += kChunk) {
      const ael::Index l = std::min<ael::Index>(kChunk, len - start);
      Eigen::Map<Eigen::Array<S, Eigen::Dynamic, 1>> v(d + start, l);
      total += inv_r_.size() == 1 ? single(v, coeff) : multi(v, coeff);
    }
    return total;
  }

 private:
  static constexpr ael::Index kChunk = 256;
  using Chunk = Eigen::Array<S, Eigen::Dynamic, 1, 0, kChunk, 1>;
  using View = Eigen::Map<Eigen::Array<S, Eigen::Dynamic, 1>>;

  // Gaussian: k = exp(-d ir), dk/dd = -ir k. IMQ: k = 1 / (1 + d ir), dk/dd = -ir k^2.
  S single(View& v, S coeff) const {
    const S ir = inv_r_[0];
    if (kind_ == KernelKind::Gaussian) {
      const Chunk k = (v * (-ir)).exp();
      v = k * (-coeff * ir);
      return k.sum();
    }
    const Chunk k = (v * ir + S(1)).inverse();
    v = k.square() * (-coeff * ir);
    return k.sum();
  }

  S multi(View& v, S coeff) const {
    Chunk k = Chunk::Zero(v.size());
    Chunk slope = Chunk::Zero(v.size());  // -dk/dd
    for (const S ir : inv_r_) {
      if (kind_ == KernelKind::Gaussian) {
        const Chunk e = (v * (-ir)).exp();
        k += e;
        slope += e * ir;
      } else {
        const Chunk e = (v * ir + S(1)).inverse();
        k += e;
        slope += e.square() * ir;
      }
    }
    v = slope * (-coeff);
    return k.sum();
  }

  KernelKind kind_;
  std::vector<double> inv_scales_;
  std::vector<S> inv_r_;  // 1 / r_s
};

}  // namespace ael_mmd

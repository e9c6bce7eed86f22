// The squared maximum mean discrepancy between the columns of x (d x n) and of y (d x m),
// its value and its gradient with respect to x and y (see mmd_config.hpp for the kernels,
// bandwidths and estimators):
//
//   MMD^2 = w_xx sum k(x_i, x_j) + w_yy sum k(y_i, y_j) - 2/(nm) sum_ij k(x_i, y_j)
//
// All pairwise squared distances come from matrix products, ||a||^2 + ||b||^2 - 2 a^T b
// (clamped at 0 against rounding), and only the upper triangles of the two symmetric
// blocks are computed. Forward overwrites the distance blocks with dMMD/dD (so backward
// is two matrix products per input), which is why the value is computed in forward only.
//
// The median heuristic's bandwidth is a constant for the backward pass: the gradient is
// that of the fixed-bandwidth MMD at r = the median found in forward (like .detach() in
// PyTorch code). Finite differences of the median variant therefore differ from it.
#pragma once

#include <ael/tensor.hpp>
#include <cstdint>
#include <vector>

#include "kernel_eval.hpp"
#include "kth_smallest.hpp"
#include "mmd_config.hpp"

namespace ael_mmd {

template <class S>
class MmdEstimator {
 public:
  explicit MmdEstimator(MmdConfig config);

  /// Scratch scalars needed for n samples of x and m samples of y.
  static ael::Index workspace_size(ael::Index n, ael::Index m);

  /// MMD^2 of x against y; keeps what backward needs in `workspace`. Throws ael::Error
  /// when the unbiased estimator gets fewer than 2 samples on a side.
  S forward(const ael::ConstMatrixMap<S>& x, const ael::ConstMatrixMap<S>& y, S* workspace);

  /// Adds g * dMMD^2/dx to gx and g * dMMD^2/dy to gy (either may be null) for the x and y
  /// of the last forward.
  void backward(S g, const ael::ConstMatrixMap<S>& x, const ael::ConstMatrixMap<S>& y, S* workspace,
                S* gx, S* gy) const;

  /// The base bandwidth of the last forward: the median (median heuristic) or 1 (fixed).
  double base_bandwidth() const { return base_; }

 private:
  struct Blocks;
  double median_of_pairs(const Blocks& b);
  double transform(Blocks& b);

  MmdConfig config_;
  KthSmallest<S> select_;
  KernelEval<S> eval_;
  double base_ = 1;
};

extern template class MmdEstimator<float>;
extern template class MmdEstimator<double>;

}  // namespace ael_mmd

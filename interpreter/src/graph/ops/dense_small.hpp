// Dense kernels for weight matrices of at most 4x4 (the papers' 2-1-2 and 2-8-1-2-2
// AEs). With the sizes known at compile time the compiler unrolls the feature loops and
// vectorises across the batch; gradient sums use four independent accumulator sets so
// the additions do not wait on each other (the summation order is fixed, so results are
// deterministic).
#pragma once

#include "ael/tensor.hpp"

namespace ael::graph::ops {

template <class S>
struct SmallDense {
  using Forward = void (*)(const S* w, const S* bias, const S* x, S* y, Index cols);
  /// gw, gb, gx may be null (no gradient wanted).
  using Backward = void (*)(const S* w, const S* x, const S* g, S* gw, S* gb, S* gx, Index cols);
  Forward forward = nullptr;
  Backward backward = nullptr;
};

/// The fixed-size kernels for an out x in weight, or nulls when it is bigger than 4x4.
template <class S>
SmallDense<S> small_dense(Index out, Index in);

}  // namespace ael::graph::ops

// Large matrix products spread over the thread pool, for one big model trained on its
// own (a 784-400-784 autoencoder's GEMMs are most of its step).
//
// The product is cut into fixed blocks of result columns, whatever the thread count, and
// each block is one ordinary Eigen product: a block's numbers do not depend on which
// thread computed it or how many there are, so `--threads 1` and `--threads 8` train to
// the same bits. Inside a population's parallel evaluation the pool runs the blocks
// inline (ThreadPool's nested calls), so the cores are never oversubscribed.
#pragma once

#include <algorithm>

#include "ael/tensor.hpp"
#include "util/thread_pool.hpp"

namespace ael::graph::ops {

/// Products below this many multiply-adds stay whole: the pool's hand-off (microseconds)
/// would cost more than it saves.
constexpr Index kParallelProductWork = Index(1) << 22;
/// Result columns per block: wide enough for GEMM's packing to pay off.
constexpr Index kProductBlockColumns = 64;

/// dst = a * b (accumulate: dst += a * b), blocks of dst's columns in parallel when the
/// product is large. `dst` must not alias `a` or `b`.
template <class Dst, class A, class B>
void parallel_product(Dst&& dst, const A& a, const B& b, bool accumulate,
                      ThreadPool& pool = ThreadPool::global()) {
  const Index cols = b.cols();
  if (a.rows() * a.cols() * cols < kParallelProductWork || cols <= kProductBlockColumns) {
    if (accumulate) {
      dst.noalias() += a * b;
    } else {
      dst.noalias() = a * b;
    }
    return;
  }
  const Index blocks = (cols + kProductBlockColumns - 1) / kProductBlockColumns;
  pool.parallel_for(static_cast<std::size_t>(blocks), [&](std::size_t k, unsigned) {
    const Index begin = static_cast<Index>(k) * kProductBlockColumns;
    const Index width = std::min(kProductBlockColumns, cols - begin);
    if (accumulate) {
      dst.middleCols(begin, width).noalias() += a * b.middleCols(begin, width);
    } else {
      dst.middleCols(begin, width).noalias() = a * b.middleCols(begin, width);
    }
  });
}

}  // namespace ael::graph::ops

// Large products split over the pool (graph/ops/parallel_product.hpp): the same bits on
// any number of threads, and the product a single Eigen call computes (to rounding).
#include <gtest/gtest.h>

#include <Eigen/Core>

#include "graph/ops/parallel_product.hpp"

namespace ael::graph::ops {
namespace {

// 128 x 300 times 300 x 200: 7.7M multiply-adds, above the split threshold, and 200
// columns are four blocks, the last one partial.
struct Operands {
  Eigen::MatrixXf a = Eigen::MatrixXf::Random(128, 300);
  Eigen::MatrixXf b = Eigen::MatrixXf::Random(300, 200);
  Eigen::MatrixXf start = Eigen::MatrixXf::Random(128, 200);
};

Eigen::MatrixXf product_on(unsigned threads, const Operands& o, bool accumulate) {
  ThreadPool pool(threads);
  Eigen::MatrixXf dst = o.start;
  parallel_product(dst, o.a, o.b, accumulate, pool);
  return dst;
}

TEST(ParallelProduct, SameBitsOnAnyNumberOfThreads) {
  const Operands o;
  static_assert(128 * 300 * 200 >= kParallelProductWork);
  for (bool accumulate : {false, true}) {
    const Eigen::MatrixXf one = product_on(1, o, accumulate);
    EXPECT_TRUE((product_on(2, o, accumulate).array() == one.array()).all());
    EXPECT_TRUE((product_on(5, o, accumulate).array() == one.array()).all());
  }
}

TEST(ParallelProduct, ComputesTheProduct) {
  const Operands o;
  const Eigen::MatrixXf expected = o.a * o.b;
  const Eigen::MatrixXf accumulated = o.start + expected;
  EXPECT_LT((product_on(2, o, false) - expected).cwiseAbs().maxCoeff(), 1e-3f);
  EXPECT_LT((product_on(2, o, true) - accumulated).cwiseAbs().maxCoeff(), 1e-3f);
  // A transposed right factor (the weight gradient g x^T) takes the same path.
  const Eigen::MatrixXf g = Eigen::MatrixXf::Random(128, 256);
  const Eigen::MatrixXf x = Eigen::MatrixXf::Random(300, 256);
  Eigen::MatrixXf gw = Eigen::MatrixXf::Zero(128, 300);
  ThreadPool pool(2);
  parallel_product(gw, g, x.transpose(), true, pool);
  EXPECT_LT((gw - g * x.transpose()).cwiseAbs().maxCoeff(), 1e-3f);
}

}  // namespace
}  // namespace ael::graph::ops

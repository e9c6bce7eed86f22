// Helpers for the graph tests: random test data and one-op gradient checks.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "graph/builder.hpp"
#include "graph/gradcheck.hpp"
#include "graph/graph.hpp"

namespace ael::graph::testing {

/// Value ranges that keep an op away from its kinks and poles.
enum class Domain { Any, Positive, AwayFromZero, Probability, OneHot };

/// A random matrix from `domain` (one-hot: one 1 per block of `classes` rows per column).
Eigen::MatrixXd random_matrix(Index rows, Index cols, Domain domain, Rng& rng, Index classes = 0);

/// One operand of an op under test: a model input (batched or fixed) or a trainable
/// parameter (fixed shape).
struct Operand {
  Shape shape;
  bool param = false;
  Domain domain = Domain::Any;
  Index classes = 0;  ///< for OneHot
};

inline Operand in(Shape s, Domain d = Domain::Any) { return {s, false, d, 0}; }
inline Operand par(Index rows, Index cols, Domain d = Domain::Any) {
  return {Shape::fixed(rows, cols), true, d, 0};
}
inline Operand onehot(Shape s, Index classes) { return {s, false, Domain::OneHot, classes}; }

/// Builds `op(operands...)`, reduces it to a loss (the node itself when 1x1, otherwise
/// sum(y * r) with a random r) and runs gradcheck with batch size `batch`.
GradcheckReport check_op(const std::string& op, const std::vector<Operand>& operands,
                         const Attrs& attrs, Index batch, std::uint64_t seed = 1);

/// Sets every input of `g` from random data (for forward-only tests).
void fill_inputs(Graph<double>& g, Rng& rng);

}  // namespace ael::graph::testing

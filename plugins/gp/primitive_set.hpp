// The weighted primitive and terminal set the trees are drawn from.
#pragma once

#include <vector>

#include "ael/expression.hpp"
#include "ael/random.hpp"
#include "gp_options.hpp"

namespace ael::gp {

class PrimitiveSet {
 public:
  PrimitiveSet(const std::vector<WeightedOp>& primitives, int variables, bool constants,
               double constant_weight, double constant_min, double constant_max);

  /// A primitive drawn by weight (DEAP: random.choice over a list with duplicates).
  ExprNode random_primitive(Rng& rng) const;
  /// A primitive of the given arity drawn by weight; the same op when none other exists.
  ExprNode random_primitive_of_arity(Rng& rng, int arity, ExprOp fallback) const;
  /// A variable (weight 1 each) or, when enabled, a fresh ephemeral constant.
  ExprNode random_terminal(Rng& rng) const;
  /// Terminal weight / all weight: genGrow stops early with this probability.
  double terminal_ratio() const { return terminal_ratio_; }

 private:
  static std::size_t draw(Rng& rng, const std::vector<double>& cumulative);

  std::vector<ExprOp> ops_;
  std::vector<double> cumulative_;  // cumulative weights of ops_
  int variables_;
  bool constants_;
  double constant_weight_;
  double constant_min_;
  double constant_max_;
  double terminal_ratio_;
};

}  // namespace ael::gp

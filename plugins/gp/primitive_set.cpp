#include "primitive_set.hpp"

#include <algorithm>

#include "ael/diagnostic.hpp"

namespace ael::gp {

PrimitiveSet::PrimitiveSet(const std::vector<WeightedOp>& primitives, int variables, bool constants,
                           double constant_weight, double constant_min, double constant_max)
    : variables_(variables),
      constants_(constants),
      constant_weight_(constant_weight),
      constant_min_(constant_min),
      constant_max_(constant_max) {
  if (primitives.empty()) throw Error("gp: the primitive set is empty");
  if (variables <= 0 && !constants) throw Error("gp: there are no terminals (no variables)");
  double total = 0;
  for (const WeightedOp& w : primitives) {
    ops_.push_back(w.op);
    total += w.weight;
    cumulative_.push_back(total);
  }
  const double terminals = variables + (constants ? constant_weight : 0.0);
  terminal_ratio_ = terminals / (terminals + total);
}

std::size_t PrimitiveSet::draw(Rng& rng, const std::vector<double>& cumulative) {
  const double u = rng.uniform() * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()),
                               cumulative.size() - 1);
}

ExprNode PrimitiveSet::random_primitive(Rng& rng) const {
  return ExprNode::primitive(ops_[draw(rng, cumulative_)]);
}

ExprNode PrimitiveSet::random_primitive_of_arity(Rng& rng, int arity, ExprOp fallback) const {
  std::vector<double> cumulative;
  std::vector<ExprOp> ops;
  double total = 0;
  for (std::size_t i = 0; i < ops_.size(); ++i) {
    if (expr_op_info(ops_[i]).arity != arity) continue;
    total += cumulative_[i] - (i == 0 ? 0.0 : cumulative_[i - 1]);
    cumulative.push_back(total);
    ops.push_back(ops_[i]);
  }
  if (ops.empty()) return ExprNode::primitive(fallback);
  return ExprNode::primitive(ops[draw(rng, cumulative)]);
}

ExprNode PrimitiveSet::random_terminal(Rng& rng) const {
  const double total = variables_ + (constants_ ? constant_weight_ : 0.0);
  const double u = rng.uniform() * total;
  if (u < variables_) {
    return ExprNode::var(std::min(static_cast<int>(u), variables_ - 1));
  }
  return ExprNode::constant(rng.uniform(constant_min_, constant_max_));
}

}  // namespace ael::gp

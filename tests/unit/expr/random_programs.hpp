// Random expressions for property tests (every primitive, variables and constants).
#pragma once

#include <vector>

#include "ael/expression.hpp"
#include "ael/random.hpp"

namespace ael::test {

inline void grow_random(Rng& rng, int depth, int features, bool constants,
                        std::vector<ExprNode>& out) {
  const bool leaf = depth == 0 || rng.uniform() < 0.25;
  if (leaf) {
    if (constants && rng.uniform() < 0.3) {
      out.push_back(ExprNode::constant(rng.uniform(-3.0, 3.0)));
    } else {
      out.push_back(
          ExprNode::var(static_cast<int>(rng.below(static_cast<std::uint64_t>(features)))));
    }
    return;
  }
  const auto& prims = expr_primitives();
  const ExprOp op = prims[rng.below(prims.size())];
  for (int k = 0; k < expr_op_info(op).arity; ++k)
    grow_random(rng, depth - 1, features, constants, out);
  out.push_back(ExprNode::primitive(op));
}

inline std::vector<std::string> variable_names(int features) {
  std::vector<std::string> names;
  for (int i = 0; i < features; ++i) names.push_back("x" + std::to_string(i));
  return names;
}

inline Expression random_expression(Rng& rng, int depth, int features, bool constants = true) {
  std::vector<ExprNode> nodes;
  grow_random(rng, depth, features, constants, nodes);
  return Expression(std::move(nodes), variable_names(features));
}

}  // namespace ael::test

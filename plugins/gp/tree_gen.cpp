#include "tree_gen.hpp"

namespace ael::gp {
namespace {

void grow(const PrimitiveSet& set, Rng& rng, int depth, int height, int min_height, bool full,
          std::vector<ExprNode>& out) {
  const bool leaf =
      depth == height || (!full && depth >= min_height && rng.uniform() < set.terminal_ratio());
  if (leaf) {
    out.push_back(set.random_terminal(rng));
    return;
  }
  const ExprNode op = set.random_primitive(rng);
  for (int k = 0; k < op.arity; ++k) grow(set, rng, depth + 1, height, min_height, full, out);
  out.push_back(op);
}

}  // namespace

void generate_tree(const PrimitiveSet& set, Rng& rng, int min_height, int max_height,
                   TreeMethod method, std::vector<ExprNode>& out) {
  bool full = method == TreeMethod::Full;
  if (method == TreeMethod::HalfAndHalf) full = rng.bernoulli(0.5);
  const int height = static_cast<int>(rng.integer(min_height, max_height));
  grow(set, rng, 0, height, min_height, full, out);
}

std::vector<ExprNode> make_tree(const PrimitiveSet& set, Rng& rng, int min_height, int max_height,
                                TreeMethod method) {
  std::vector<ExprNode> out;
  generate_tree(set, rng, min_height, max_height, method, out);
  expr_update_sizes(out);
  return out;
}

}  // namespace ael::gp

// Variation operators on postfix programs (sizes are kept up to date).
#pragma once

#include <vector>

#include "ael/expression.hpp"
#include "ael/random.hpp"
#include "primitive_set.hpp"

namespace ael::gp {

using Program = std::vector<ExprNode>;

/// DEAP cxOnePoint: a uniformly chosen non-root node in each parent, subtrees swapped.
/// Nothing happens when either parent is a single node.
void crossover_one_point(Program& a, Program& b, Rng& rng);

/// DEAP mutUniform: a uniformly chosen node (root included) is replaced by a new tree of
/// height in [min_height, max_height] grown with genFull.
void mutate_subtree(Program& x, const PrimitiveSet& set, Rng& rng, int min_height, int max_height);

/// One uniformly chosen node changes: an operator becomes another of the same arity, a
/// terminal another terminal.
void mutate_point(Program& x, const PrimitiveSet& set, Rng& rng);

/// A uniformly chosen non-root subtree becomes the whole program (shrinks bloat).
void mutate_hoist(Program& x, Rng& rng);

/// Replaces the subtree rooted at `index` with `replacement` (a complete program).
void replace_subtree(Program& x, std::size_t index, const ExprNode* replacement, std::size_t count);

/// Height and size limits (0: no size limit).
struct Limits {
  int max_depth = 17;
  int max_size = 0;
  bool allows(const Program& x) const {
    return expr_depth(x.data(), x.size()) <= max_depth &&
           (max_size == 0 || x.size() <= static_cast<std::size_t>(max_size));
  }
};

}  // namespace ael::gp

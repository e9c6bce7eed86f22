// Random trees with DEAP's semantics (gp.generate / genGrow / genFull / genHalfAndHalf).
#pragma once

#include <vector>

#include "ael/expression.hpp"
#include "ael/random.hpp"
#include "primitive_set.hpp"

namespace ael::gp {

enum class TreeMethod { Grow, Full, HalfAndHalf };

/// Appends a tree (postfix) of height drawn uniformly from [min_height, max_height].
/// Full: every leaf at that height. Grow: a node at depth >= min_height becomes a leaf
/// with probability terminal_ratio. HalfAndHalf: Grow or Full with probability 1/2.
void generate_tree(const PrimitiveSet& set, Rng& rng, int min_height, int max_height,
                   TreeMethod method, std::vector<ExprNode>& out);

/// The same, returning a finished program (sizes filled in).
std::vector<ExprNode> make_tree(const PrimitiveSet& set, Rng& rng, int min_height, int max_height,
                                TreeMethod method);

}  // namespace ael::gp

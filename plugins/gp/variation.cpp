#include "variation.hpp"

#include "tree_gen.hpp"

namespace ael::gp {

void replace_subtree(Program& x, std::size_t index, const ExprNode* replacement,
                     std::size_t count) {
  const std::size_t begin = index + 1 - x[index].size;
  Program out;
  out.reserve(x.size() - x[index].size + count);
  out.insert(out.end(), x.begin(), x.begin() + static_cast<std::ptrdiff_t>(begin));
  out.insert(out.end(), replacement, replacement + count);
  out.insert(out.end(), x.begin() + static_cast<std::ptrdiff_t>(index) + 1, x.end());
  expr_update_sizes(out);
  x.swap(out);
}

void crossover_one_point(Program& a, Program& b, Rng& rng) {
  if (a.size() < 2 || b.size() < 2) return;
  // The root is the last postfix node; DEAP never picks it.
  const std::size_t i = rng.below(a.size() - 1);
  const std::size_t j = rng.below(b.size() - 1);
  const std::size_t ai = i + 1 - a[i].size;
  const std::size_t bj = j + 1 - b[j].size;
  const Program sub_a(a.begin() + static_cast<std::ptrdiff_t>(ai),
                      a.begin() + static_cast<std::ptrdiff_t>(i) + 1);
  replace_subtree(a, i, b.data() + bj, b[j].size);
  replace_subtree(b, j, sub_a.data(), sub_a.size());
}

void mutate_subtree(Program& x, const PrimitiveSet& set, Rng& rng, int min_height, int max_height) {
  const std::size_t index = rng.below(x.size());
  const Program fresh = make_tree(set, rng, min_height, max_height, TreeMethod::Full);
  replace_subtree(x, index, fresh.data(), fresh.size());
}

void mutate_point(Program& x, const PrimitiveSet& set, Rng& rng) {
  const std::size_t index = rng.below(x.size());
  ExprNode& n = x[index];
  const std::uint32_t size = n.size;
  n = n.is_terminal() ? set.random_terminal(rng)
                      : set.random_primitive_of_arity(rng, n.arity, n.op);
  n.size = size;
}

void mutate_hoist(Program& x, Rng& rng) {
  if (x.size() < 2) return;
  const std::size_t index = rng.below(x.size() - 1);
  const std::size_t begin = index + 1 - x[index].size;
  Program sub(x.begin() + static_cast<std::ptrdiff_t>(begin),
              x.begin() + static_cast<std::ptrdiff_t>(index) + 1);
  x.swap(sub);
}

}  // namespace ael::gp

#include "selection.hpp"

namespace ael::gp {

namespace {

bool better(const Rank& a, const Rank& b, bool lexicographic) {
  if (a.fitness != b.fitness) return a.fitness < b.fitness;
  return lexicographic && a.size < b.size;
}

}  // namespace

std::vector<std::size_t> tournament(const std::vector<Rank>& ranks, std::size_t count,
                                    int tournament_size, bool lexicographic, Rng& rng) {
  std::vector<std::size_t> chosen;
  chosen.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    std::size_t best = rng.below(ranks.size());
    for (int t = 1; t < tournament_size; ++t) {
      const std::size_t candidate = rng.below(ranks.size());
      if (better(ranks[candidate], ranks[best], lexicographic)) best = candidate;
    }
    chosen.push_back(best);
  }
  return chosen;
}

}  // namespace ael::gp

// Tournament selection (DEAP selTournament: aspirants drawn with replacement).
#pragma once

#include <cstddef>
#include <vector>

#include "ael/random.hpp"

namespace ael::gp {

/// What selection compares: fitness first; with lexicographic parsimony, size breaks ties.
struct Rank {
  double fitness;
  std::size_t size;
};

/// Returns `count` indices into `ranks`, each the best of `tournament_size` random
/// aspirants (the first aspirant wins ties, as Python's max does).
std::vector<std::size_t> tournament(const std::vector<Rank>& ranks, std::size_t count,
                                    int tournament_size, bool lexicographic, Rng& rng);

}  // namespace ael::gp

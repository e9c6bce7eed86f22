// Parameter initialisers.
//
// Kinds (InitSpec::kind), with fan_in = cols and fan_out = rows unless the spec overrides
// them (a dense weight is out x in):
//   zeros, constant(a)                       every entry a (0 for zeros)
//   normal(a = mean, b = std)                N(a, b^2)
//   uniform(a = low, b = high)               U(a, b)
//   glorot_uniform                           U(-l, l), l = sqrt(6 / (fan_in + fan_out))
//   glorot_normal                            N(0, 2 / (fan_in + fan_out))
//   he_uniform                               U(-l, l), l = sqrt(6 / fan_in)
//   he_normal                                N(0, 2 / fan_in)
//   torch                                    U(-l, l), l = 1 / sqrt(fan_in)  (nn.Linear and
//                                            nn.LSTM defaults; LSTM blocks use fan_in = H)
// Block k of a layout draws from Rng::stream(seed, {k}), in column-major order, so one
// block's values do not depend on the blocks before it.
#pragma once

#include <cstdint>

#include "graph/spec.hpp"

namespace ael::graph {

/// Throws ael::Error if `init` names an unknown kind or has invalid settings.
void check_init(const InitSpec& init, const std::string& block_name);

/// Fills `out` (block.size() values) for block `block_index` of a layout.
void initialise_block(const ParamBlock& block, std::size_t block_index, std::uint64_t seed,
                      Eigen::Ref<Eigen::VectorXd> out);

/// The initial flat parameter vector of a layout.
Eigen::VectorXd initialise(const ParamLayout& layout, std::uint64_t seed);

}  // namespace ael::graph

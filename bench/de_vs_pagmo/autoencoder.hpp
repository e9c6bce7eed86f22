// The benchmark's autoencoder objective, shared by both sides: the 8-4-2-4-8 linear AE
// (dense layers with biases, no activations; 98 parameters, PyTorch's named_parameters()
// layout: per layer W (out x in, column-major) then b) and its MSE on one fixed batch.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>

namespace bench {

/// Layer widths of the AE.
inline constexpr std::array<int, 5> kAeWidths = {8, 4, 2, 4, 8};
/// 4*8+4 + 2*4+2 + 4*2+4 + 8*4+8.
inline constexpr int kAeParameters = 98;
inline constexpr int kAeSamples = 40;

/// The fixed batch (8 x 40): the first 40 samples of
/// ael::data::correlated_gaussian_paper(8, 40, seed) (the backprop-vs-bio paper's recipe,
/// drawn with ael::Rng; the paper's seed is 1337).
Eigen::MatrixXd ae_batch(std::uint64_t seed);

/// The AE's initial networks: column i is the graph's Glorot-uniform initialiser with seed
/// `seed + i` (how AEL's train construct seeds a population).
Eigen::MatrixXd ae_initial_population(Eigen::Index population, std::uint64_t seed);

}  // namespace bench

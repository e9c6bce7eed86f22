// Random one-hot class sequences: the LSTM sequence autoencoder task of the
// backprop-vs-bio paper (sequences of L uniformly drawn classes, C = 2 in the paper).
#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "data/dataset.hpp"

namespace ael::data {

struct SequenceData {
  /// (length * classes) x n. Time-major: rows [t * classes, (t + 1) * classes) hold the
  /// one-hot vector of step t. Features "t0_c0", "t0_c1", ..., "t1_c0", ...
  Dataset inputs;
  /// length x n: the class index of each step (the cross-entropy targets).
  Eigen::MatrixXi classes;
};

/// `n` sequences of `length` classes drawn uniformly from [0, classes), sample by sample
/// and step by step from Rng::stream(seed, {"one_hot_sequences"}).
SequenceData one_hot_sequences(Index n, Index length, int classes, std::uint64_t seed);

}  // namespace ael::data

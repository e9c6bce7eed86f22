// Batches in a seeded, reproducible, resumable order.
//
// Epoch e visits the samples in the order random_permutation(n, Rng::stream(seed,
// {"batches", e})) — a function of (seed, e) alone, so a run restarted at epoch 7 sees the
// same batches as one that never stopped. Batch b of an epoch is positions
// [b * batch_size, min((b + 1) * batch_size, n)) of that order; the last batch is smaller
// unless drop_last. Without shuffling the order is 0, 1, ..., n-1 every epoch (what the
// backprop-vs-bio paper's DataLoader does).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "data/dataset.hpp"

namespace ael::data {

class BatchPlan {
 public:
  /// Throws ael::Error for batch_size < 1, or when drop_last leaves no batch at all.
  BatchPlan(Index samples, Index batch_size, std::uint64_t seed, bool shuffle = true,
            bool drop_last = false);

  Index samples() const { return samples_; }
  Index batch_size() const { return batch_size_; }
  std::uint64_t seed() const { return seed_; }
  bool shuffle() const { return shuffle_; }
  Index batches_per_epoch() const;

  /// The sample order of an epoch (a permutation of 0..samples-1).
  std::vector<Index> epoch_order(std::uint64_t epoch) const;
  /// The positions [begin, end) of batch `batch` within an epoch's order.
  std::pair<Index, Index> batch_bounds(Index batch) const;
  /// The sample indices of one batch.
  std::vector<Index> batch_indices(std::uint64_t epoch, Index batch) const;
  /// Splits a running batch counter (0, 1, 2, ... across epochs) into (epoch, batch).
  std::pair<std::uint64_t, Index> locate(std::uint64_t global_batch) const;

 private:
  Index samples_;
  Index batch_size_;
  std::uint64_t seed_;
  bool shuffle_;
  bool drop_last_;
};

/// One epoch of a dataset: the samples copied once in the epoch's order (no copy when the
/// plan does not shuffle), each batch then a view of contiguous columns. The dataset must
/// outlive this object.
class EpochBatches {
 public:
  EpochBatches(const Dataset& data, const BatchPlan& plan, std::uint64_t epoch);

  Index count() const { return plan_.batches_per_epoch(); }
  /// Batch b as a features x batch-size view.
  BatchView batch(Index b) const;
  /// The sample order of this epoch.
  const std::vector<Index>& order() const { return order_; }

 private:
  BatchPlan plan_;
  std::vector<Index> order_;
  Eigen::MatrixXd permuted_;         ///< the epoch's copy when shuffling
  const Eigen::MatrixXd* original_;  ///< the dataset's matrix otherwise
};

}  // namespace ael::data

#include "data/batches.hpp"

#include <algorithm>
#include <numeric>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "data/random_order.hpp"

namespace ael::data {

BatchPlan::BatchPlan(Index samples, Index batch_size, std::uint64_t seed, bool shuffle,
                     bool drop_last)
    : samples_(samples),
      batch_size_(batch_size),
      seed_(seed),
      shuffle_(shuffle),
      drop_last_(drop_last) {
  if (samples < 0) throw Error("batches: negative sample count " + std::to_string(samples));
  if (batch_size < 1) {
    throw Error("batches: batch size must be at least 1, got " + std::to_string(batch_size));
  }
  if (drop_last && samples < batch_size) {
    throw Error("batches: batch size " + std::to_string(batch_size) + " is larger than the " +
                std::to_string(samples) + " samples and drop_last is set: no batch is left");
  }
}

Index BatchPlan::batches_per_epoch() const {
  return drop_last_ ? samples_ / batch_size_ : (samples_ + batch_size_ - 1) / batch_size_;
}

std::vector<Index> BatchPlan::epoch_order(std::uint64_t epoch) const {
  if (!shuffle_) {
    std::vector<Index> order(static_cast<std::size_t>(samples_));
    std::iota(order.begin(), order.end(), Index{0});
    return order;
  }
  Rng rng = Rng::stream(seed_, {stream_key("batches"), epoch});
  return random_permutation(samples_, rng);
}

std::pair<Index, Index> BatchPlan::batch_bounds(Index batch) const {
  if (batch < 0 || batch >= batches_per_epoch()) {
    throw Error("batches: batch " + std::to_string(batch) + " is out of range (" +
                std::to_string(batches_per_epoch()) + " batches per epoch)");
  }
  const Index begin = batch * batch_size_;
  return {begin, std::min(begin + batch_size_, samples_)};
}

std::vector<Index> BatchPlan::batch_indices(std::uint64_t epoch, Index batch) const {
  const auto [begin, end] = batch_bounds(batch);
  const std::vector<Index> order = epoch_order(epoch);
  return {order.begin() + begin, order.begin() + end};
}

std::pair<std::uint64_t, Index> BatchPlan::locate(std::uint64_t global_batch) const {
  const auto per_epoch = static_cast<std::uint64_t>(batches_per_epoch());
  if (per_epoch == 0) throw Error("batches: the dataset is empty, there are no batches");
  return {global_batch / per_epoch, static_cast<Index>(global_batch % per_epoch)};
}

EpochBatches::EpochBatches(const Dataset& data, const BatchPlan& plan, std::uint64_t epoch)
    : plan_(plan), order_(plan.epoch_order(epoch)), original_(&data.matrix()) {
  if (data.samples() != plan.samples()) {
    throw Error("batches: the plan is for " + std::to_string(plan.samples()) +
                " samples, the dataset has " + std::to_string(data.samples()));
  }
  if (plan.shuffle()) {
    permuted_.resize(data.features(), data.samples());
    for (std::size_t k = 0; k < order_.size(); ++k) {
      permuted_.col(static_cast<Index>(k)) = data.matrix().col(order_[k]);
    }
  }
}

BatchView EpochBatches::batch(Index b) const {
  const auto [begin, end] = plan_.batch_bounds(b);
  const Eigen::MatrixXd& source = plan_.shuffle() ? permuted_ : *original_;
  return source.middleCols(begin, end - begin);
}

}  // namespace ael::data

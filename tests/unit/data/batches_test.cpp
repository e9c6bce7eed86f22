#include "data/batches.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "error_text.hpp"

namespace ael::data {
namespace {

std::vector<Index> sorted(std::vector<Index> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<Index> iota(Index n) {
  std::vector<Index> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), Index{0});
  return v;
}

TEST(BatchPlan, CountsBatches) {
  EXPECT_EQ(BatchPlan(100, 40, 1).batches_per_epoch(), 3);
  EXPECT_EQ(BatchPlan(100, 40, 1, true, true).batches_per_epoch(), 2);
  EXPECT_EQ(BatchPlan(80, 40, 1).batches_per_epoch(), 2);
  EXPECT_EQ(BatchPlan(0, 4, 1).batches_per_epoch(), 0);
  EXPECT_EQ(BatchPlan(100, 40, 1).batch_bounds(2), (std::pair<Index, Index>{80, 100}));
}

TEST(BatchPlan, EachEpochIsASeededPermutation) {
  const BatchPlan plan(50, 8, 42);
  const auto e0 = plan.epoch_order(0);
  const auto e1 = plan.epoch_order(1);
  EXPECT_EQ(sorted(e0), iota(50));
  EXPECT_EQ(sorted(e1), iota(50));
  EXPECT_NE(e0, e1);
  EXPECT_NE(e0, iota(50));
  EXPECT_NE(e0, BatchPlan(50, 8, 43).epoch_order(0));
}

TEST(BatchPlan, AnEpochDependsOnlyOnSeedAndEpoch) {
  // A resumed run builds a fresh plan and jumps straight to epoch 7.
  const BatchPlan running(50, 8, 42);
  for (std::uint64_t e = 0; e < 7; ++e) running.epoch_order(e);
  EXPECT_EQ(BatchPlan(50, 8, 42).epoch_order(7), running.epoch_order(7));
  // The batch size does not change the order, only how it is cut.
  EXPECT_EQ(BatchPlan(50, 5, 42).epoch_order(7), running.epoch_order(7));
}

TEST(BatchPlan, BatchesCoverTheEpochOnce) {
  const BatchPlan plan(23, 5, 9);
  std::vector<Index> seen;
  for (Index b = 0; b < plan.batches_per_epoch(); ++b) {
    const auto idx = plan.batch_indices(3, b);
    EXPECT_EQ(static_cast<Index>(idx.size()), b == 4 ? 3 : 5);
    seen.insert(seen.end(), idx.begin(), idx.end());
  }
  EXPECT_EQ(seen, plan.epoch_order(3));
  EXPECT_EQ(test::error_text([&] { plan.batch_indices(0, 5); }),
            "batches: batch 5 is out of range (5 batches per epoch)");
}

TEST(BatchPlan, WithoutShuffleTheOrderIsTheFileOrder) {
  const BatchPlan plan(10, 4, 1, false);
  EXPECT_EQ(plan.epoch_order(0), iota(10));
  EXPECT_EQ(plan.epoch_order(5), iota(10));
  EXPECT_EQ(plan.batch_indices(2, 2), (std::vector<Index>{8, 9}));
}

TEST(BatchPlan, LocatesARunningBatchCounter) {
  const BatchPlan plan(100, 40, 1);
  EXPECT_EQ(plan.locate(0), (std::pair<std::uint64_t, Index>{0, 0}));
  EXPECT_EQ(plan.locate(2), (std::pair<std::uint64_t, Index>{0, 2}));
  EXPECT_EQ(plan.locate(3), (std::pair<std::uint64_t, Index>{1, 0}));
  EXPECT_EQ(plan.locate(1999), (std::pair<std::uint64_t, Index>{666, 1}));
}

TEST(BatchPlan, BadSettingsAreErrors) {
  EXPECT_EQ(test::error_text([] { BatchPlan(10, 0, 1); }),
            "batches: batch size must be at least 1, got 0");
  EXPECT_EQ(test::error_text([] { BatchPlan(10, 16, 1, true, true); }),
            "batches: batch size 16 is larger than the 10 samples and drop_last is set: no "
            "batch is left");
  EXPECT_EQ(test::error_text([] { BatchPlan(0, 4, 1).locate(0); }),
            "batches: the dataset is empty, there are no batches");
}

TEST(EpochBatches, BatchesHoldTheSamplesOfThePlan) {
  Eigen::MatrixXd m(2, 11);
  for (Index j = 0; j < 11; ++j) m.col(j) << j, -j;
  const Dataset d(m, {"i", "neg"});
  const BatchPlan plan(11, 4, 5);
  const EpochBatches epoch(d, plan, 2);
  ASSERT_EQ(epoch.count(), 3);
  for (Index b = 0; b < epoch.count(); ++b) {
    const auto batch = epoch.batch(b);
    const auto idx = plan.batch_indices(2, b);
    ASSERT_EQ(batch.cols(), static_cast<Index>(idx.size()));
    for (std::size_t k = 0; k < idx.size(); ++k) {
      EXPECT_EQ(batch(0, static_cast<Index>(k)), static_cast<double>(idx[k]));
      EXPECT_EQ(batch(1, static_cast<Index>(k)), -static_cast<double>(idx[k]));
    }
  }
  const EpochBatches copy = epoch;  // copies stay valid on their own
  EXPECT_EQ(Eigen::MatrixXd(copy.batch(1)), Eigen::MatrixXd(epoch.batch(1)));
}

TEST(EpochBatches, WithoutShuffleBatchesAreViewsOfTheDataset) {
  const Dataset d(Eigen::MatrixXd::Random(3, 10));
  const EpochBatches epoch(d, BatchPlan(10, 4, 1, false), 0);
  EXPECT_EQ(epoch.batch(1).data(), d.matrix().data() + 4 * 3);
  EXPECT_EQ(test::error_text([&] { EpochBatches(d, BatchPlan(9, 4, 1), 0); }),
            "batches: the plan is for 9 samples, the dataset has 10");
}

}  // namespace
}  // namespace ael::data

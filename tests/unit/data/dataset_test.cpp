#include "data/dataset.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "ael/random.hpp"
#include "data/random_order.hpp"
#include "error_text.hpp"

namespace ael::data {
namespace {

// 3 features x 6 samples; feature f of sample j is 10 * f + j.
Dataset small() {
  Eigen::MatrixXd m(3, 6);
  for (Index f = 0; f < 3; ++f) {
    for (Index j = 0; j < 6; ++j) m(f, j) = 10.0 * f + j;
  }
  return Dataset(m, {"a", "b", "c"});
}

// One sample per column with its index as the only feature, to follow samples around.
Dataset indexed(Index n) {
  Eigen::MatrixXd m(1, n);
  for (Index j = 0; j < n; ++j) m(0, j) = static_cast<double>(j);
  return Dataset(m, {"id"});
}

std::vector<double> ids(const Dataset& d) {
  return {d.matrix().data(), d.matrix().data() + d.matrix().size()};
}

TEST(Dataset, NamesDefaultAndAreValidated) {
  const Dataset d(Eigen::MatrixXd::Zero(2, 4));
  EXPECT_EQ(d.names(), (std::vector<std::string>{"x0", "x1"}));
  EXPECT_EQ(d.features(), 2);
  EXPECT_EQ(d.samples(), 4);
  EXPECT_EQ(test::error_text([] { Dataset(Eigen::MatrixXd::Zero(2, 1), {"a"}); }),
            "dataset: 1 feature names for 2 features");
  EXPECT_EQ(test::error_text([] {
              Dataset(Eigen::MatrixXd::Zero(2, 1), {"a", "a"});
            }),
            "dataset: duplicate feature name 'a'");
}

TEST(Dataset, UnknownFeatureSuggestsTheClosestName) {
  const Dataset d(Eigen::MatrixXd::Zero(3, 1), {"housing_median_age", "total_rooms", "households"});
  EXPECT_EQ(d.feature_index("households"), 2);
  EXPECT_EQ(test::error_text([&] { d.select(std::vector<std::string>{"total_room"}); }),
            "no feature 'total_room' (features: housing_median_age, total_rooms, households); "
            "did you mean 'total_rooms'?");
  EXPECT_EQ(test::error_text([&] { d.feature_index("price"); }),
            "no feature 'price' (features: housing_median_age, total_rooms, households)");
}

TEST(Dataset, BatchesAreViewsIntoTheMatrix) {
  const Dataset d = small();
  const auto b = d.batch(2, 3);
  EXPECT_EQ(b.rows(), 3);
  EXPECT_EQ(b.cols(), 3);
  EXPECT_EQ(b.data(), d.matrix().data() + 2 * 3);  // same memory: no copy
  EXPECT_EQ(b(1, 2), 14.0);
  EXPECT_EQ(test::error_text([&] { d.batch(5, 2); }),
            "batch: samples [5, 7) are out of range (6 samples)");
}

TEST(Dataset, SelectsAndDropsFeatures) {
  const Dataset d = small();
  const Dataset s = d.select(std::vector<std::string>{"c", "a"});
  EXPECT_EQ(s.names(), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(s.matrix()(0, 4), 24.0);
  EXPECT_EQ(s.matrix()(1, 4), 4.0);
  const Dataset i = d.select(std::vector<Index>{1});
  EXPECT_EQ(i.names(), std::vector<std::string>{"b"});
  EXPECT_EQ(i.matrix()(0, 5), 15.0);
  EXPECT_EQ(d.drop({"b"}).names(), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(test::error_text([&] { d.select(std::vector<Index>{3}); }),
            "select: feature index 3 is out of range (3 features)");
}

TEST(Dataset, AddsDerivedFeatures) {
  const Dataset d = small();
  Eigen::RowVectorXd ratio = d.matrix().row(1).array() / (d.matrix().row(2).array());
  const Dataset e = d.with_feature("b_over_c", ratio);
  EXPECT_EQ(e.features(), 4);
  EXPECT_DOUBLE_EQ(e.matrix()(3, 2), 12.0 / 22.0);
  EXPECT_EQ(test::error_text([&] { d.with_feature("a", ratio); }),
            "with_feature: there is already a feature 'a'");
  EXPECT_EQ(test::error_text([&] { d.with_feature("z", Eigen::RowVectorXd::Zero(2)); }),
            "with_feature: 'z' has 2 values for 6 samples");
}

TEST(Dataset, TakesAndSlicesSamples) {
  const Dataset d = small();
  EXPECT_EQ(ids(indexed(6).take({5, 0, 5})), (std::vector<double>{5, 0, 5}));
  const Dataset s = d.slice(1, 3);
  EXPECT_EQ(s.samples(), 2);
  EXPECT_EQ(s.matrix()(2, 0), 21.0);
  EXPECT_EQ(d.slice(6, 6).samples(), 0);
  EXPECT_EQ(test::error_text([&] { d.take({6}); }),
            "take: sample index 6 is out of range (6 samples)");
  EXPECT_EQ(test::error_text([&] { d.slice(4, 2); }),
            "slice: samples [4, 2) are out of range (6 samples)");
}

TEST(Dataset, ShuffleIsASeededPermutation) {
  const Dataset d = indexed(100);
  const std::vector<double> a = ids(d.shuffled(7));
  std::vector<double> sorted = a;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, ids(d));
  EXPECT_NE(a, ids(d));
  EXPECT_EQ(a, ids(d.shuffled(7)));
  EXPECT_NE(a, ids(d.shuffled(8)));
}

TEST(RandomPermutation, EveryElementIsEquallyLikelyInFront) {
  // 50,000 permutations of 5: each element leads about 10,000 times (sd ~ 89).
  std::vector<int> first(5, 0);
  for (std::uint64_t seed = 0; seed < 50000; ++seed) {
    Rng rng = Rng::stream(seed, {1});
    ++first[static_cast<std::size_t>(random_permutation(5, rng)[0])];
  }
  for (int count : first) EXPECT_NEAR(count, 10000, 450);
}

TEST(Dataset, SplitPartitionsTheSamples) {
  const Dataset d = indexed(101);
  const auto [train, test] = d.split(0.8, 3);
  EXPECT_EQ(train.samples(), 81);
  EXPECT_EQ(test.samples(), 20);
  std::vector<double> all = ids(train);
  const std::vector<double> rest = ids(test);
  all.insert(all.end(), rest.begin(), rest.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, ids(d));
  EXPECT_EQ(ids(d.split(0.8, 3).first), ids(train));
  EXPECT_NE(ids(d.split(0.8, 4).first), ids(train));
  EXPECT_EQ(d.split(0.0, 1).first.samples(), 0);
  EXPECT_EQ(d.split(1.0, 1).second.samples(), 0);
  EXPECT_EQ(test::error_text([&] { d.split(1.5, 1); }), "split: fraction 1.5 is not in [0, 1]");
}

TEST(Dataset, ConcatenatesSamplesAndFeatures) {
  const Dataset d = small();
  const Dataset both = Dataset::concat_samples({d.slice(0, 2), d.slice(4, 6)});
  EXPECT_EQ(both.samples(), 4);
  EXPECT_EQ(both.matrix()(1, 2), 14.0);
  const Dataset wide = Dataset::concat_features(
      {d.select(std::vector<std::string>{"a"}), d.select(std::vector<std::string>{"c"})});
  EXPECT_EQ(wide.names(), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(wide.matrix()(1, 3), 23.0);
  EXPECT_EQ(test::error_text([&] {
              Dataset::concat_samples({d, d.select(std::vector<Index>{0})});
            }),
            "concat: the datasets have different features (a, b, c vs a)");
  EXPECT_EQ(test::error_text([&] {
              Dataset::concat_features({d, d.slice(0, 1)});
            }),
            "concat_features: the datasets have different sample counts (6 vs 1)");
  EXPECT_EQ(test::error_text([&] {
              Dataset::concat_features({d, d});
            }),
            "concat_features: duplicate feature name 'a'");
}

TEST(Dataset, OneHotReplacesTheLabelFeature) {
  Eigen::MatrixXd m(3, 4);
  m << 1, 2, 3, 4,  //
      2, 0, 1, 2,   // label
      9, 9, 9, 9;
  const Dataset d(m, {"x", "label", "y"});
  const Dataset h = d.one_hot("label", 3);
  EXPECT_EQ(h.names(), (std::vector<std::string>{"x", "label_0", "label_1", "label_2", "y"}));
  Eigen::MatrixXd expected(5, 4);
  expected << 1, 2, 3, 4,  //
      0, 1, 0, 0,          //
      0, 0, 1, 0,          //
      1, 0, 0, 1,          //
      9, 9, 9, 9;
  EXPECT_EQ(h.matrix(), expected);
  EXPECT_EQ(test::error_text([&] { d.one_hot("label", 2); }),
            "one_hot: feature 'label', sample 0: value 2 is not a class index in [0, 2)");
  EXPECT_EQ(test::error_text([&] { d.one_hot("y", 9); }),
            "one_hot: feature 'y', sample 0: value 9 is not a class index in [0, 9)");
  const Dataset half = d.with_feature("h", Eigen::RowVector4d(0, 1, 0.5, 1));
  EXPECT_EQ(test::error_text([&] { half.one_hot("h", 2); }),
            "one_hot: feature 'h', sample 2: value 0.5 is not a class index in [0, 2)");
  EXPECT_EQ(one_hot_matrix({1, 0}, 2), (Eigen::MatrixXd(2, 2) << 0, 1, 1, 0).finished());
  EXPECT_EQ(test::error_text([] {
              one_hot_matrix({0, 5}, 3);
            }),
            "one_hot: label 5 at sample 1 is not in [0, 3)");
}

TEST(Dataset, DescribesEachFeature) {
  Eigen::MatrixXd m(2, 4);
  m << 1, 2, 3, 4,  //
      -1, -1, -1, -1;
  const auto stats = Dataset(m, {"a", "k"}).describe();
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].name, "a");
  EXPECT_DOUBLE_EQ(stats[0].mean, 2.5);
  EXPECT_DOUBLE_EQ(stats[0].std, std::sqrt(1.25));  // population std
  EXPECT_EQ(stats[0].min, 1.0);
  EXPECT_EQ(stats[0].max, 4.0);
  EXPECT_EQ(stats[1].std, 0.0);
  EXPECT_EQ(test::error_text([] { Dataset(Eigen::MatrixXd(1, 0)).describe(); }),
            "describe: the dataset has no samples");
}

}  // namespace
}  // namespace ael::data

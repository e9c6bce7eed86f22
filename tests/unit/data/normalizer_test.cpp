#include "data/normalizer.hpp"

#include <gtest/gtest.h>

#include "data/gaussian.hpp"
#include "error_text.hpp"

namespace ael::data {
namespace {

Dataset train_data() {
  Eigen::MatrixXd m(3, 5);
  m << 1, 2, 3, 4, 10,   //
      -5, 0, 5, 10, 15,  //
      7, 7, 7, 7, 7;     // constant
  return Dataset(m, {"a", "b", "const"});
}

TEST(Normalizer, ZScoreCentresAndScales) {
  const Dataset d = correlated_gaussian(3, 0.3, 1000, 1);
  Eigen::MatrixXd shifted = d.matrix();
  shifted.row(0) = shifted.row(0) * 5.0 + Eigen::RowVectorXd::Constant(1000, 100.0);
  const Dataset x(shifted, d.names());
  const Normalizer z = Normalizer::fit_zscore(x);
  const Dataset y = z.apply(x);
  for (const auto& s : y.describe()) {
    EXPECT_NEAR(s.mean, 0.0, 1e-12) << s.name;
    EXPECT_NEAR(s.std, 1.0, 1e-12) << s.name;
  }
  EXPECT_LT((z.invert(y).matrix() - x.matrix()).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(Normalizer, ZScoreUsesTheTrainingStatistics) {
  const Normalizer z = Normalizer::fit_zscore(train_data());
  // Feature a: mean 4, population std sqrt(10).
  EXPECT_DOUBLE_EQ(z.first()(0), 4.0);
  EXPECT_DOUBLE_EQ(z.second()(0), std::sqrt(10.0));
  Eigen::MatrixXd other(3, 1);
  other << 14, 5, 7;
  const Eigen::MatrixXd y = z.apply(other);
  EXPECT_DOUBLE_EQ(y(0, 0), 10.0 / std::sqrt(10.0));
  EXPECT_NEAR(y(1, 0), 0.0, 1e-15);
  EXPECT_EQ(y(2, 0), 0.0);  // constant feature: std 0 is treated as 1
}

TEST(Normalizer, MinMaxMapsToTheRange) {
  const Dataset d = train_data();
  const Normalizer mm = Normalizer::fit_minmax(d);
  const Eigen::MatrixXd y = mm.apply(d.matrix());
  const auto near = [](const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b) {
    return (a - b).cwiseAbs().maxCoeff() < 1e-15;
  };
  EXPECT_TRUE(
      near(y.row(0), (Eigen::RowVectorXd(5) << 0, 1.0 / 9, 2.0 / 9, 3.0 / 9, 1).finished()));
  EXPECT_TRUE(near(y.row(1), (Eigen::RowVectorXd(5) << 0, 0.25, 0.5, 0.75, 1).finished()));
  EXPECT_EQ(y.row(2), Eigen::RowVectorXd::Zero(5));  // constant feature maps to lo
  EXPECT_LT((mm.invert(y) - d.matrix()).cwiseAbs().maxCoeff(), 1e-12);

  const Normalizer sym = Normalizer::fit_minmax(d, -1, 1);
  const Eigen::MatrixXd s = sym.apply(d.matrix());
  EXPECT_TRUE(near(s.row(1), (Eigen::RowVectorXd(5) << -1, -0.5, 0, 0.5, 1).finished()));
  EXPECT_EQ(s.row(2), Eigen::RowVectorXd::Constant(5, -1.0));
  EXPECT_EQ(test::error_text([&] { Normalizer::fit_minmax(d, 1, 1); }),
            "minmax: the target range [1, 1] is empty");
}

TEST(Normalizer, JsonRoundTripIsExact) {
  const Dataset d = correlated_gaussian(4, 0.5, 300, 9);
  for (const Normalizer& n : {Normalizer::fit_zscore(d), Normalizer::fit_minmax(d, -2, 3)}) {
    const Normalizer back = Normalizer::from_json(n.to_json());
    EXPECT_EQ(back.kind(), n.kind());
    EXPECT_EQ(back.features(), n.features());
    EXPECT_EQ(back.apply(d).matrix(), n.apply(d).matrix());
    EXPECT_EQ(back.to_json(), n.to_json());
  }
  EXPECT_EQ(Normalizer::fit_minmax(train_data()).to_json(),
            R"({"kind":"minmax","features":["a","b","const"],"min":[1.0,-5.0,7.0],)"
            R"("max":[10.0,15.0,7.0],"range":[0.0,1.0]})");
}

TEST(Normalizer, MismatchesAndBadJsonAreErrors) {
  const Normalizer z = Normalizer::fit_zscore(train_data());
  const Dataset other(Eigen::MatrixXd::Zero(3, 2), {"a", "c", "const"});
  EXPECT_EQ(test::error_text([&] { z.apply(other); }),
            "normalise: the zscore normaliser was fitted on (a, b, const), the dataset has (a, "
            "c, const)");
  EXPECT_EQ(test::error_text([&] { z.apply(Eigen::MatrixXd::Zero(2, 2)); }),
            "normalise: the normaliser has 3 features, the data has 2");
  EXPECT_EQ(test::error_text([] { Normalizer::fit_zscore(Dataset(Eigen::MatrixXd(2, 0))); }),
            "zscore: cannot fit on a dataset without samples");
  EXPECT_EQ(test::error_text([] { Normalizer::from_json(R"({"kind":"robust","features":[]})"); }),
            "normalizer JSON: unknown kind 'robust' (expected zscore or minmax)");
  EXPECT_EQ(test::error_text([] {
              Normalizer::from_json(R"({"kind":"zscore","features":["a"],"mean":[1,2],"std":[1]})");
            }),
            "normalizer JSON: 'mean' has 2 values for 1 features");
  EXPECT_EQ(test::error_text([] { Normalizer::from_json(R"({"features":[]})"); }),
            "normalizer JSON: missing \"kind\" (\"zscore\" or \"minmax\")");
  EXPECT_EQ(test::error_text([] {
              Normalizer::from_json("{oops");
            }).rfind("normalizer JSON: not valid JSON: ", 0),
            0u);
}

}  // namespace
}  // namespace ael::data

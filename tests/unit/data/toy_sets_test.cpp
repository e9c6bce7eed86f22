#include "data/toy_sets.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "error_text.hpp"

namespace ael::data {
namespace {

using Names = std::vector<std::string>;

TEST(TwoMoons, HalfCirclesWithTheirLabels) {
  const Dataset d = two_moons(1001, 0.0, true, 4);
  EXPECT_EQ(d.names(), (Names{"x", "y", "label"}));
  ASSERT_EQ(d.samples(), 1001);
  const auto& m = d.matrix();
  int upper = 0;
  for (Index j = 0; j < d.samples(); ++j) {
    const double x = m(0, j), y = m(1, j);
    if (m(2, j) == 0) {  // radius 1 around (0, 0), y >= 0
      ++upper;
      EXPECT_NEAR(x * x + y * y, 1.0, 1e-12);
      EXPECT_GE(y, -1e-12);
    } else {  // radius 1 around (1, 0.5), y <= 0.5
      EXPECT_EQ(m(2, j), 1);
      EXPECT_NEAR((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 1.0, 1e-12);
      EXPECT_LE(y, 0.5 + 1e-12);
    }
  }
  EXPECT_EQ(upper, 500);  // floor(n / 2) on the first moon, as sklearn
  // Shuffled: the first 100 samples are not all from one moon.
  EXPECT_GT(m.row(2).head(100).sum(), 10);
  EXPECT_LT(m.row(2).head(100).sum(), 90);
}

TEST(TwoMoons, NoiseIsGaussianWithTheGivenScale) {
  const Dataset clean = two_moons(20000, 0.0, false, 9);
  const Dataset noisy = two_moons(20000, 0.1, false, 9);
  EXPECT_EQ(clean.names(), (Names{"x", "y"}));
  // Same shuffle (drawn first), then noise: the difference is the noise itself.
  const Eigen::MatrixXd diff = noisy.matrix() - clean.matrix();
  EXPECT_NEAR(diff.mean(), 0.0, 0.005);
  EXPECT_NEAR(std::sqrt(diff.array().square().mean()), 0.1, 0.003);
}

TEST(GaussianMixture, ClustersAroundTheirCenters) {
  Eigen::MatrixXd centers(3, 2);
  centers << -5, 0, 5, 5, 0, -8;
  const Eigen::VectorXd stds = Eigen::Vector3d(0.5, 1.0, 2.0);
  const Dataset d = gaussian_mixture(30001, centers, stds, true, 3);
  EXPECT_EQ(d.names(), (Names{"x0", "x1", "label"}));
  const auto& m = d.matrix();
  for (int c = 0; c < 3; ++c) {
    std::vector<Index> members;
    for (Index j = 0; j < d.samples(); ++j) {
      if (m(2, j) == c) members.push_back(j);
    }
    // floor(n / k), the first n % k clusters one more.
    EXPECT_EQ(members.size(), c == 0 ? 10001u : 10000u) << c;
    Eigen::MatrixXd pts(2, static_cast<Index>(members.size()));
    for (std::size_t i = 0; i < members.size(); ++i) {
      pts.col(static_cast<Index>(i)) = m.col(members[i]).head(2);
    }
    const Eigen::Vector2d mean = pts.rowwise().mean();
    EXPECT_NEAR(mean(0), centers(c, 0), 0.05) << c;
    EXPECT_NEAR(mean(1), centers(c, 1), 0.05) << c;
    const double sd = std::sqrt((pts.colwise() - mean).array().square().mean());
    EXPECT_NEAR(sd, stds(c), 0.05 * stds(c)) << c;
  }
}

TEST(GaussianMixture, RandomCentersLieInTheBox) {
  const Eigen::MatrixXd c = random_centers(50, 4, -2, 3, 1);
  ASSERT_EQ(c.rows(), 50);
  ASSERT_EQ(c.cols(), 4);
  EXPECT_GE(c.minCoeff(), -2);
  EXPECT_LT(c.maxCoeff(), 3);
  EXPECT_EQ(c, random_centers(50, 4, -2, 3, 1));
  EXPECT_NE(c, random_centers(50, 4, -2, 3, 2));
}

TEST(SwissRoll, PointsLieOnTheRoll) {
  const Dataset d = swiss_roll(5000, 0.0, true, 2);
  EXPECT_EQ(d.names(), (Names{"x", "y", "z", "t"}));
  const auto& m = d.matrix();
  for (Index j = 0; j < d.samples(); ++j) {
    const double t = m(3, j);
    EXPECT_GE(t, 1.5 * EIGEN_PI);
    EXPECT_LT(t, 4.5 * EIGEN_PI);
    EXPECT_NEAR(m(0, j), t * std::cos(t), 1e-12);
    EXPECT_NEAR(m(2, j), t * std::sin(t), 1e-12);
    EXPECT_GE(m(1, j), 0);
    EXPECT_LT(m(1, j), 21);
  }
  EXPECT_NEAR(m.row(1).mean(), 10.5, 0.4);
}

TEST(SCurve, PointsLieOnTheCurve) {
  const Dataset d = s_curve(5000, 0.0, true, 2);
  EXPECT_EQ(d.names(), (Names{"x", "y", "z", "t"}));
  const auto& m = d.matrix();
  for (Index j = 0; j < d.samples(); ++j) {
    const double t = m(3, j);
    EXPECT_GE(t, -1.5 * EIGEN_PI);
    EXPECT_LT(t, 1.5 * EIGEN_PI);
    EXPECT_NEAR(m(0, j), std::sin(t), 1e-12);
    EXPECT_NEAR(m(2, j), (t > 0 ? 1 : -1) * (std::cos(t) - 1), 1e-12);
    EXPECT_GE(m(1, j), 0);
    EXPECT_LT(m(1, j), 2);
  }
}

TEST(ToySets, SameSeedSameNumbers) {
  EXPECT_EQ(two_moons(300, 0.2, true, 5).matrix(), two_moons(300, 0.2, true, 5).matrix());
  EXPECT_NE(two_moons(300, 0.2, true, 5).matrix(), two_moons(300, 0.2, true, 6).matrix());
  EXPECT_EQ(swiss_roll(300, 0.1, false, 5).matrix(), swiss_roll(300, 0.1, false, 5).matrix());
  EXPECT_NE(swiss_roll(300, 0.1, false, 5).matrix(), swiss_roll(300, 0.1, false, 6).matrix());
  EXPECT_EQ(s_curve(300, 0.1, false, 5).matrix(), s_curve(300, 0.1, false, 5).matrix());
  const Eigen::MatrixXd c = random_centers(3, 2, -10, 10, 5);
  const Eigen::VectorXd s = Eigen::VectorXd::Ones(3);
  EXPECT_EQ(gaussian_mixture(300, c, s, false, 5).matrix(),
            gaussian_mixture(300, c, s, false, 5).matrix());
  EXPECT_NE(gaussian_mixture(300, c, s, false, 5).matrix(),
            gaussian_mixture(300, c, s, false, 6).matrix());
}

TEST(ToySets, EdgeSizes) {
  EXPECT_EQ(two_moons(0, 0.1, false, 1).samples(), 0);
  const Dataset one = two_moons(1, 0.0, true, 1);  // the only point is on the second moon
  EXPECT_EQ(one.matrix()(2, 0), 1);
  EXPECT_EQ(swiss_roll(0, 0.0, false, 1).samples(), 0);
}

TEST(ToySets, BadArgumentsAreErrors) {
  EXPECT_EQ(test::error_text([] { two_moons(-1, 0, false, 1); }),
            "two_moons: n must be >= 0, got -1");
  EXPECT_EQ(test::error_text([] { swiss_roll(10, std::nan(""), false, 1); }),
            "swiss_roll: noise must be a finite number >= 0, got nan");
  EXPECT_EQ(test::error_text([] { s_curve(10, -1, false, 1); }),
            "s_curve: noise must be a finite number >= 0, got -1");
  EXPECT_EQ(test::error_text([] { random_centers(0, 2, -1, 1, 1); }),
            "gaussian_mixture: centers must be >= 1, got 0");
  EXPECT_EQ(test::error_text([] { random_centers(2, 2, 1, 1, 1); }),
            "gaussian_mixture: box [1, 1] must be finite with low < high");
  EXPECT_EQ(test::error_text([] {
              gaussian_mixture(10, Eigen::MatrixXd::Zero(2, 2), Eigen::VectorXd::Ones(3), false, 1);
            }),
            "gaussian_mixture: std has 3 entries for 2 centers");
  EXPECT_EQ(test::error_text([] {
              gaussian_mixture(10, Eigen::MatrixXd::Zero(2, 2), Eigen::VectorXd::Constant(2, -1),
                               false, 1);
            }),
            "gaussian_mixture: std must be finite numbers >= 0, got -1");
}

}  // namespace
}  // namespace ael::data

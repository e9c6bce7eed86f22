#include "data/shapes.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "error_text.hpp"

namespace ael::data {
namespace {

TEST(PointsOnLine, PointsLieOnTheLineInsideTheRange) {
  const double slope = std::tan(30.0 * EIGEN_PI / 180.0);
  const Dataset d = points_on_line(slope, 20000, kLineXRange, 1);
  EXPECT_EQ(d.names(), (std::vector<std::string>{"x", "y"}));
  ASSERT_EQ(d.samples(), 20000);
  const auto& m = d.matrix();
  EXPECT_EQ(m.row(1), (slope * m.row(0).array()).matrix());
  EXPECT_GE(m.row(0).minCoeff(), -10.0);
  EXPECT_LT(m.row(0).maxCoeff(), 10.0);
  // U(-10, 10): mean 0 (sd of the mean 0.04), variance 100/3.
  EXPECT_NEAR(m.row(0).mean(), 0.0, 0.2);
  EXPECT_NEAR(m.row(0).array().square().mean(), 100.0 / 3.0, 1.0);
}

TEST(PointsOnLine, IsReproducibleAndPrefixStable) {
  const Dataset a = points_on_line(2.0, 100, {-1, 3}, 5);
  EXPECT_EQ(a.matrix(), points_on_line(2.0, 100, {-1, 3}, 5).matrix());
  EXPECT_NE(a.matrix(), points_on_line(2.0, 100, {-1, 3}, 6).matrix());
  EXPECT_EQ(a.matrix().leftCols(10), points_on_line(2.0, 10, {-1, 3}, 5).matrix());
}

TEST(PointsOnLine, BadArgumentsAreErrors) {
  EXPECT_EQ(test::error_text([] { points_on_line(1, -1, kLineXRange, 1); }),
            "points_on_line: n must be >= 0, got -1");
  EXPECT_EQ(test::error_text([] {
              points_on_line(1, 5, {2, 2}, 1);
            }),
            "points_on_line: x_range [2, 2] must be a finite interval with low < high");
  EXPECT_EQ(test::error_text([] { points_on_line(INFINITY, 5, kLineXRange, 1); }),
            "points_on_line: slope must be a finite number");
}

TEST(PointsOnCircle, PointsLieOnTheCircle) {
  const Eigen::Vector2d center(1.5, -2);
  const Dataset d = points_on_circle(3.0, 20000, -EIGEN_PI, EIGEN_PI, center, 2);
  const Eigen::MatrixXd rel = d.matrix().colwise() - center;
  EXPECT_LT((rel.colwise().norm().array() - 3.0).abs().maxCoeff(), 1e-12);
  // Uniform angles over the full circle: the points average to the centre.
  EXPECT_NEAR(rel.row(0).mean(), 0.0, 0.1);
  EXPECT_NEAR(rel.row(1).mean(), 0.0, 0.1);
  // E[cos^2] = 1/2.
  EXPECT_NEAR((rel.row(0).array() / 3.0).square().mean(), 0.5, 0.02);
}

TEST(PointsOnCircle, ArcsStayInsideTheirAngles) {
  const Dataset d =
      points_on_circle(5.0, 5000, EIGEN_PI / 6, EIGEN_PI / 3, Eigen::Vector2d::Zero(), 3);
  double lo = 10, hi = -10, sum = 0;
  for (Index j = 0; j < d.samples(); ++j) {
    const double t = std::atan2(d.matrix()(1, j), d.matrix()(0, j));
    lo = std::min(lo, t);
    hi = std::max(hi, t);
    sum += t;
  }
  EXPECT_GE(lo, EIGEN_PI / 6 - 1e-12);
  EXPECT_LE(hi, EIGEN_PI / 3 + 1e-12);
  EXPECT_NEAR(sum / d.samples(), EIGEN_PI / 4, 0.01);  // uniform over the arc
  EXPECT_EQ(test::error_text([] { points_on_circle(0, 5, 0, 1, Eigen::Vector2d::Zero(), 1); }),
            "points_on_circle: radius must be a positive number, got 0");
  EXPECT_EQ(test::error_text([] { points_on_circle(1, 5, 1, 0.5, Eigen::Vector2d::Zero(), 1); }),
            "points_on_circle: the angle range [1, 0.5] must be finite with angle_from < "
            "angle_to");
}

TEST(CubeSurface, PointsLieOnTheSurfaceAndFacesAreBalanced) {
  const double h = 1.0;
  const Index n = 60000;
  const Dataset d = cube_surface(n, h, 4);
  EXPECT_EQ(d.names(), (std::vector<std::string>{"x", "y", "z"}));
  std::vector<int> faces(6, 0);
  Eigen::MatrixXd free_sum = Eigen::MatrixXd::Zero(6, 2);
  for (Index j = 0; j < n; ++j) {
    int on_face = 0, face = -1;
    for (Index k = 0; k < 3; ++k) {
      const double v = d.matrix()(k, j);
      ASSERT_LE(std::fabs(v), h);
      if (std::fabs(v) == h) {
        ++on_face;
        face = static_cast<int>(2 * k + (v > 0 ? 1 : 0));
      }
    }
    ASSERT_EQ(on_face, 1) << "sample " << j;  // exactly one coordinate at +-h
    ++faces[static_cast<std::size_t>(face)];
    int c = 0;
    for (Index k = 0; k < 3; ++k) {
      if (k != face / 2) free_sum(face, c++) += d.matrix()(k, j);
    }
  }
  for (int f = 0; f < 6; ++f) {
    EXPECT_NEAR(faces[static_cast<std::size_t>(f)], n / 6, 500) << "face " << f;  // sd ~ 91
    // The free coordinates are uniform on [-h, h): mean 0 (sd of the mean ~ 0.006).
    EXPECT_NEAR(free_sum(f, 0) / faces[static_cast<std::size_t>(f)], 0.0, 0.03);
    EXPECT_NEAR(free_sum(f, 1) / faces[static_cast<std::size_t>(f)], 0.0, 0.03);
  }
}

TEST(CubeSurface, HalfSideScalesTheCube) {
  const Dataset d = cube_surface(1000, 2.5, 7);
  EXPECT_EQ(d.matrix().cwiseAbs().colwise().maxCoeff(), Eigen::RowVectorXd::Constant(1000, 2.5));
  EXPECT_EQ(d.matrix(), cube_surface(1000, 2.5, 7).matrix());
  EXPECT_EQ(test::error_text([] { cube_surface(10, -1, 1); }),
            "cube_surface: half_side must be a positive number, got -1");
}

}  // namespace
}  // namespace ael::data

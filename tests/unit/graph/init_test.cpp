// Initialisers: deterministic per (seed, block), with the documented distributions.
#include <gtest/gtest.h>

#include <cmath>

#include "graph/init.hpp"

namespace ael::graph::testing {
namespace {

ParamLayout layout_of(const std::vector<std::pair<InitSpec, std::pair<Index, Index>>>& blocks) {
  ParamLayout l;
  int k = 0;
  for (const auto& [init, shape] : blocks)
    l.add("b" + std::to_string(k++), shape.first, shape.second, init, true);
  return l;
}

TEST(Init, SameSeedSameValuesAndBlocksAreIndependent) {
  const ParamLayout a =
      layout_of({{InitSpec::glorot_uniform(), {3, 4}}, {InitSpec::normal(0, 1), {5, 1}}});
  const ParamLayout b =
      layout_of({{InitSpec::he_normal(), {7, 7}}, {InitSpec::normal(0, 1), {5, 1}}});
  EXPECT_EQ(initialise(a, 1), initialise(a, 1));
  EXPECT_NE(initialise(a, 1), initialise(a, 2));
  // Block 1 draws from stream (seed, 1) whatever block 0 is.
  EXPECT_EQ(initialise(a, 1).tail(5), initialise(b, 1).tail(5));
}

TEST(Init, BoundsAndMoments) {
  const Index out = 300, in = 200;
  const auto values = [&](InitSpec init) {
    return initialise(layout_of({{init, {out, in}}}), 5).array().eval();
  };
  const auto max_abs = [](const Eigen::ArrayXd& v) { return v.abs().maxCoeff(); };
  const auto stddev = [](const Eigen::ArrayXd& v) {
    return std::sqrt((v - v.mean()).square().mean());
  };

  const double glorot = std::sqrt(6.0 / (in + out));
  EXPECT_LE(max_abs(values(InitSpec::glorot_uniform())), glorot);
  EXPECT_GT(max_abs(values(InitSpec::glorot_uniform())), 0.99 * glorot);
  EXPECT_NEAR(stddev(values(InitSpec::glorot_normal())), std::sqrt(2.0 / (in + out)), 2e-3);
  EXPECT_LE(max_abs(values(InitSpec::he_uniform())), std::sqrt(6.0 / in));
  EXPECT_NEAR(stddev(values(InitSpec::he_normal())), std::sqrt(2.0 / in), 2e-3);
  EXPECT_LE(max_abs(values(InitSpec::torch())), 1 / std::sqrt(double(in)));
  EXPECT_GT(max_abs(values(InitSpec::torch())), 0.99 / std::sqrt(double(in)));
  EXPECT_LE(max_abs(values(InitSpec::torch(4))), 0.5);  // explicit fan-in (a bias)
  const Eigen::ArrayXd n = values(InitSpec::normal(3, 0.5));
  EXPECT_NEAR(n.mean(), 3, 0.01);
  EXPECT_NEAR(stddev(n), 0.5, 0.01);
  const Eigen::ArrayXd u = values(InitSpec::uniform(-2, 1));
  EXPECT_GE(u.minCoeff(), -2);
  EXPECT_LT(u.maxCoeff(), 1);
  EXPECT_NEAR(u.mean(), -0.5, 0.02);
  EXPECT_TRUE((values(InitSpec::constant(1.5)) == 1.5).all());
  EXPECT_TRUE((values(InitSpec::zeros()) == 0).all());
}

TEST(Init, RejectsBadSettings) {
  EXPECT_THROW(initialise(layout_of({{InitSpec{"xavier"}, {2, 2}}}), 0), Error);
  EXPECT_THROW(initialise(layout_of({{InitSpec::uniform(1, 0), {2, 2}}}), 0), Error);
  EXPECT_THROW(initialise(layout_of({{InitSpec::normal(0, -1), {2, 2}}}), 0), Error);
}

}  // namespace
}  // namespace ael::graph::testing

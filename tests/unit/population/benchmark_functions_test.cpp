// The analytic benchmark objectives: known values and finite-difference gradients.
#include <gtest/gtest.h>

#include <cmath>

#include "ael/diagnostic.hpp"
#include "population/benchmark_functions.hpp"

namespace {

using namespace ael::population;

TEST(BenchmarkFunctions, KnownValues) {
  const Eigen::VectorXd zero = Eigen::VectorXd::Zero(4), ones = Eigen::VectorXd::Ones(4);
  EXPECT_EQ(benchmark_value(BenchmarkFunction::Sphere, zero), 0.0);
  EXPECT_EQ(benchmark_value(BenchmarkFunction::Sphere, ones), 4.0);
  EXPECT_EQ(benchmark_value(BenchmarkFunction::Rosenbrock, ones), 0.0);
  EXPECT_EQ(benchmark_value(BenchmarkFunction::Rosenbrock, zero), 3.0);  // three (1 - 0)^2 terms
  EXPECT_NEAR(benchmark_value(BenchmarkFunction::Rastrigin, zero), 0.0, 1e-12);
  EXPECT_NEAR(benchmark_value(BenchmarkFunction::Rastrigin, ones), 4.0, 1e-12);  // 1 per coordinate
  EXPECT_THROW(make_benchmark(BenchmarkFunction::Rosenbrock, 1), ael::Error);
}

TEST(BenchmarkFunctions, GradientsMatchFiniteDifferences) {
  Eigen::VectorXd x(5);
  x << 0.3, -1.2, 0.7, 2.1, -0.4;
  for (auto f :
       {BenchmarkFunction::Sphere, BenchmarkFunction::Rosenbrock, BenchmarkFunction::Rastrigin}) {
    auto objective = make_benchmark(f, 5);
    Eigen::VectorXd grad(5);
    const double value = objective->value_and_grad(x, 0, grad);
    EXPECT_EQ(value, objective->value(x, 0));
    for (Eigen::Index i = 0; i < 5; ++i) {
      const double h = 1e-6;
      Eigen::VectorXd up = x, down = x;
      up[i] += h;
      down[i] -= h;
      const double numeric = (objective->value(up, 0) - objective->value(down, 0)) / (2 * h);
      EXPECT_NEAR(grad[i], numeric, 1e-5 * std::max(1.0, std::fabs(numeric))) << "coordinate " << i;
    }
  }
}

}  // namespace

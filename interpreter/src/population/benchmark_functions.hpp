// Analytic objectives with known minima, for testing and benchmarking optimizers:
//   sphere      f(x) = sum x_i^2                                   min 0 at 0
//   rosenbrock  f(x) = sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2   min 0 at (1, ..., 1)
//   rastrigin   f(x) = 10 n + sum x_i^2 - 10 cos(2 pi x_i)          min 0 at 0, many local minima
// They ignore the batch index and provide exact gradients.
#pragma once

#include <memory>

#include "train/objective.hpp"

namespace ael::population {

enum class BenchmarkFunction { Sphere, Rosenbrock, Rastrigin };

/// The objective in `dimension` variables (Rosenbrock needs at least 2).
std::unique_ptr<train::Objective> make_benchmark(BenchmarkFunction function,
                                                 Eigen::Index dimension);

/// f(x) and, when `grad` is not null, its gradient.
double benchmark_value(BenchmarkFunction function, const Eigen::Ref<const Eigen::VectorXd>& x,
                       Eigen::Ref<Eigen::VectorXd>* grad = nullptr);

}  // namespace ael::population

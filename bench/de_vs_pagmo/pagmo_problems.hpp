// pagmo's side: user-defined problems (UDPs) for the same two objectives. pagmo calls
// fitness() once per candidate through its type-erased pagmo::problem; that generic
// interface (a std::vector in, a freshly allocated std::vector out, checks and a counter
// per call) is what the benchmark measures against AEL's batched evaluation.
#pragma once

#include <Eigen/Core>
#include <pagmo/types.hpp>
#include <string>
#include <utility>

namespace bench {

/// The 8-4-2-4-8 AE's MSE on a fixed batch, written directly with Eigen's fixed-size
/// matrices (the fastest plain C++ a pagmo user would write; no AEL graph involved).
struct AeProblem {
  AeProblem() = default;
  AeProblem(Eigen::MatrixXd batch, double bound) : batch(std::move(batch)), bound(bound) {}

  pagmo::vector_double fitness(const pagmo::vector_double& p) const;
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const;
  std::string get_name() const { return "8-4-2-4-8 linear AE, MSE on a fixed batch"; }

  Eigen::MatrixXd batch;  ///< 8 x 40
  double bound = 10;      ///< box [-bound, bound]^98 (pagmo's DE needs one)
};

/// Rastrigin via the same function AEL's benchmark objective calls
/// (ael::population::benchmark_value), so both sides compute identical numbers.
struct RastriginProblem {
  RastriginProblem() = default;
  explicit RastriginProblem(int dimension) : dimension(dimension) {}

  pagmo::vector_double fitness(const pagmo::vector_double& x) const;
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const;
  std::string get_name() const { return "Rastrigin"; }

  int dimension = 30;
};

/// A nearly free objective, f(x) = x_0^2 in `dimension` variables: with it a DE run
/// measures the optimizer's own cost per evaluation (engine overhead), not the model's.
struct NullProblem {
  NullProblem() = default;
  explicit NullProblem(int dimension) : dimension(dimension) {}

  pagmo::vector_double fitness(const pagmo::vector_double& x) const { return {x[0] * x[0]}; }
  std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
    return {pagmo::vector_double(static_cast<std::size_t>(dimension), -1.0),
            pagmo::vector_double(static_cast<std::size_t>(dimension), 1.0)};
  }
  std::string get_name() const { return "null"; }

  int dimension = 98;
};

}  // namespace bench

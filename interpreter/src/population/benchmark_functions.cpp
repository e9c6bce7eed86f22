#include "population/benchmark_functions.hpp"

#include <cmath>

#include "ael/diagnostic.hpp"

namespace ael::population {
namespace {

constexpr double kPi = 3.14159265358979323846;

class BenchmarkObjective final : public train::Objective {
 public:
  BenchmarkObjective(BenchmarkFunction function, Eigen::Index dimension)
      : function_(function), dimension_(dimension) {}

  Eigen::Index dimension() const override { return dimension_; }
  bool has_gradient() const override { return true; }

  double value(const Eigen::Ref<const Eigen::VectorXd>& params, std::uint64_t) override {
    return benchmark_value(function_, params);
  }

  double value_and_grad(const Eigen::Ref<const Eigen::VectorXd>& params, std::uint64_t,
                        Eigen::Ref<Eigen::VectorXd> grad) override {
    return benchmark_value(function_, params, &grad);
  }

  std::unique_ptr<Objective> clone() const override {
    return std::make_unique<BenchmarkObjective>(function_, dimension_);
  }

 private:
  BenchmarkFunction function_;
  Eigen::Index dimension_;
};

}  // namespace

std::unique_ptr<train::Objective> make_benchmark(BenchmarkFunction function,
                                                 Eigen::Index dimension) {
  if (dimension < 1 || (function == BenchmarkFunction::Rosenbrock && dimension < 2)) {
    throw Error("benchmark function: dimension " + std::to_string(dimension) + " is too small");
  }
  return std::make_unique<BenchmarkObjective>(function, dimension);
}

double benchmark_value(BenchmarkFunction function, const Eigen::Ref<const Eigen::VectorXd>& x,
                       Eigen::Ref<Eigen::VectorXd>* grad) {
  const Eigen::Index n = x.size();
  if (grad) grad->setZero();
  double f = 0;
  switch (function) {
    case BenchmarkFunction::Sphere:
      for (Eigen::Index i = 0; i < n; ++i) {
        f += x[i] * x[i];
        if (grad) (*grad)[i] = 2 * x[i];
      }
      return f;
    case BenchmarkFunction::Rosenbrock:
      for (Eigen::Index i = 0; i + 1 < n; ++i) {
        const double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
        f += 100 * a * a + b * b;
        if (grad) {
          (*grad)[i] += -400 * a * x[i] - 2 * b;
          (*grad)[i + 1] += 200 * a;
        }
      }
      return f;
    case BenchmarkFunction::Rastrigin:
      f = 10.0 * static_cast<double>(n);
      for (Eigen::Index i = 0; i < n; ++i) {
        f += x[i] * x[i] - 10 * std::cos(2 * kPi * x[i]);
        if (grad) (*grad)[i] = 2 * x[i] + 20 * kPi * std::sin(2 * kPi * x[i]);
      }
      return f;
  }
  return f;
}

}  // namespace ael::population

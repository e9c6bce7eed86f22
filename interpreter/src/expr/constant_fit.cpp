// Levenberg–Marquardt on an expression's constants (local optimisation in GP).
#include "expr/eigen_gcc12.hpp"  // first: silences a GCC 12 false positive

#include <cmath>
#include <limits>

#include <Eigen/Cholesky>

#include "ael/expression.hpp"

namespace ael {
namespace {

double mse_of(ExprEvaluator& evaluator, const Expression& e, const ExprData<double>& data,
              const double* y) {
  double mse = 0;
  evaluator.mean_squared_errors<double>({e.program()}, data, y, &mse);
  return mse;
}

bool all_finite(const Eigen::MatrixXd& m) { return m.allFinite(); }

}  // namespace

ConstantFitResult optimize_constants(const Expression& expression, const ExprData<double>& data,
                                     const double* y, int max_iterations) {
  ExprEvaluator evaluator(1);  // runs inline: callers parallelise over individuals
  ConstantFitResult result{expression, 0, 0, 0};
  result.mse_before = mse_of(evaluator, expression, data, y);
  result.mse_after = result.mse_before;
  const std::size_t nc = expression.constant_count();
  if (nc == 0 || !std::isfinite(result.mse_before)) return result;

  const Eigen::Map<const Eigen::VectorXd> target(y, data.rows());
  Eigen::VectorXd c = Eigen::Map<const Eigen::VectorXd>(expression.constants().data(),
                                                        static_cast<Eigen::Index>(nc));
  double lambda = 1e-3;
  Eigen::VectorXd values;
  Eigen::MatrixXd J;
  for (int it = 0; it < max_iterations; ++it) {
    evaluate_with_jacobian(result.expression, data, values, J);
    const Eigen::VectorXd r = values - target;
    if (!all_finite(J) || !r.allFinite()) break;
    // Normal equations by dot products (a handful of constants: no GEMM needed).
    const Eigen::Index n = J.cols();
    Eigen::MatrixXd H(n, n);
    Eigen::VectorXd g(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      g[i] = J.col(i).dot(r);
      for (Eigen::Index j = 0; j <= i; ++j) H(i, j) = H(j, i) = J.col(i).dot(J.col(j));
    }
    bool accepted = false;
    for (int attempt = 0; attempt < 8 && !accepted; ++attempt) {
      Eigen::MatrixXd A = H;
      A.diagonal() += lambda * (H.diagonal().array() + 1e-12).matrix();
      const Eigen::VectorXd step = A.ldlt().solve(-g);
      const Eigen::VectorXd trial = c + step;
      if (!trial.allFinite()) {
        lambda *= 10;
        continue;
      }
      Expression candidate = result.expression.with_constants(
          std::vector<double>(trial.data(), trial.data() + trial.size()));
      const double mse = mse_of(evaluator, candidate, data, y);
      if (mse < result.mse_after) {
        const double gain = result.mse_after - mse;
        c = trial;
        result.expression = std::move(candidate);
        result.mse_after = mse;
        ++result.iterations;
        lambda = std::max(lambda * 0.1, 1e-12);
        accepted = true;
        if (gain <= 1e-15 * std::max(mse, 1e-300)) return result;  // converged
      } else {
        lambda *= 10;
      }
    }
    if (!accepted) break;
  }
  return result;
}

}  // namespace ael

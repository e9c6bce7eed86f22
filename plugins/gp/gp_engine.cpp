#include "gp_engine.hpp"

#include <chrono>
#include <cmath>
#include <memory>

#include "ael/diagnostic.hpp"
#include "gp_run.hpp"

namespace ael::gp {
namespace {

void check_inputs(const Eigen::Ref<const Eigen::MatrixXd>& X,
                  const Eigen::Ref<const Eigen::MatrixXd>& Y,
                  const std::vector<std::string>& variables) {
  if (X.cols() == 0) throw Error("symbolic regression needs at least one row of data");
  if (Y.cols() != X.cols()) {
    throw Error("symbolic regression: X has " + std::to_string(X.cols()) + " rows but Y has " +
                std::to_string(Y.cols()) + " (both are features/targets x rows)");
  }
  if (Y.rows() == 0) throw Error("symbolic regression needs at least one target (row of Y)");
  if (static_cast<Eigen::Index>(variables.size()) != X.rows()) {
    throw Error("symbolic regression: " + std::to_string(variables.size()) +
                " variable names for " + std::to_string(X.rows()) + " features");
  }
  if (X.rows() > 0xFFFF) throw Error("symbolic regression supports at most 65535 features");
  for (const auto* M : {&X, &Y}) {
    for (Eigen::Index c = 0; c < M->cols(); ++c) {
      for (Eigen::Index r = 0; r < M->rows(); ++r) {
        if (!std::isfinite((*M)(r, c))) {
          throw Error(std::string("symbolic regression: ") + (M == &X ? "X" : "Y") + " row " +
                      std::to_string(c) + ", " + (M == &X ? "feature " : "target ") +
                      std::to_string(r) + " is not finite");
        }
      }
    }
  }
}

/// The rows constant tuning fits on: all, or an even subsample of `limit` rows.
struct FitRows {
  std::unique_ptr<ExprData<double>> own;
  const ExprData<double>* data = nullptr;
  Eigen::VectorXd y;
};

FitRows fit_rows(const Eigen::Ref<const Eigen::MatrixXd>& X, const Eigen::VectorXd& y64,
                 const ExprData<double>& data64, int limit) {
  FitRows f;
  const Eigen::Index rows = X.cols();
  if (limit <= 0 || rows <= limit) {
    f.data = &data64;
    f.y = y64;
    return f;
  }
  Eigen::MatrixXd Xs(X.rows(), limit);
  f.y.resize(limit);
  for (Eigen::Index k = 0; k < limit; ++k) {
    const Eigen::Index r = k * rows / limit;
    Xs.col(k) = X.col(r);
    f.y[k] = y64[r];
  }
  f.own = std::make_unique<ExprData<double>>(Xs);
  f.data = f.own.get();
  return f;
}

template <class T>
SymregTargetResult run_target(const GpOptions& o, const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const Eigen::VectorXd& y64, const ExprData<double>& data64,
                              const std::shared_ptr<const std::vector<std::string>>& variables,
                              int target, std::uint64_t seed, ExprEvaluator& evaluator,
                              const SymregProgress& progress, SymregResult& totals) {
  std::unique_ptr<ExprData<T>> own;
  const ExprData<T>* data = nullptr;
  Eigen::Matrix<T, Eigen::Dynamic, 1> y = y64.cast<T>();
  if constexpr (std::is_same_v<T, double>) {
    data = &data64;
  } else {
    own = std::make_unique<ExprData<T>>(X.cast<T>());
    data = own.get();
  }
  const FitRows fit = fit_rows(X, y64, data64, o.optimize_rows);
  const RunInputs<T> in{*data,        y.data(),  data64, y64.data(), *fit.data,
                        fit.y.data(), variables, target, seed};
  GpRun<T> run(o, in, evaluator, progress);
  SymregTargetResult result = run.run();
  totals.evaluations += run.evaluations();
  totals.node_rows += run.node_rows();
  totals.evaluation_seconds += run.evaluation_seconds();
  return result;
}

}  // namespace

GpEngine::GpEngine(GpOptions options) : options_(std::move(options)) { validate(options_); }

SymregResult GpEngine::fit(const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::MatrixXd>& Y,
                           const std::vector<std::string>& variables, std::uint64_t seed,
                           const SymregProgress& progress) {
  check_inputs(X, Y, variables);
  const auto start = std::chrono::steady_clock::now();
  const auto names = std::make_shared<const std::vector<std::string>>(variables);
  const ExprData<double> data64(X);
  ExprEvaluator evaluator(static_cast<unsigned>(options_.threads));
  SymregResult result;
  for (Eigen::Index t = 0; t < Y.rows(); ++t) {
    const Eigen::VectorXd y = Y.row(t).transpose();
    const int target = static_cast<int>(t);
    result.targets.push_back(options_.precision == "float32"
                                 ? run_target<float>(options_, X, y, data64, names, target, seed,
                                                     evaluator, progress, result)
                                 : run_target<double>(options_, X, y, data64, names, target, seed,
                                                      evaluator, progress, result));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

SymregResult GpRegressor::fit(const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const Eigen::Ref<const Eigen::MatrixXd>& Y,
                              const std::vector<std::string>& variables, std::uint64_t seed,
                              const SymregProgress& progress) {
  return engine_.fit(X, Y, variables, seed, progress);
}

}  // namespace ael::gp

// The GP symbolic-regression engine: one independent run per target (row of Y).
//
// The loop is DEAP's eaSimple: evaluate; then every generation select N by tournament,
// vary consecutive pairs by crossover (probability cxpb) and every individual by mutation
// (probability mutpb), re-evaluate the changed ones and replace the population. AEL's
// additions are options: elitism, parsimony, point/hoist mutation, size limit, constants
// with Levenberg–Marquardt tuning, float32 fitness, early stop, progress callback.
//
// Reproducibility: every random draw comes from Rng::stream(seed, {target, generation,
// purpose, index}) and every fitness from one thread in a fixed order, so a run gives
// the same result whatever the number of threads.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ael/symreg.hpp"
#include "gp_options.hpp"

namespace ael::gp {

class GpEngine {
 public:
  explicit GpEngine(GpOptions options);

  /// X: features x rows; Y: targets x rows; variables: one name per feature.
  SymregResult fit(const Eigen::Ref<const Eigen::MatrixXd>& X,
                   const Eigen::Ref<const Eigen::MatrixXd>& Y,
                   const std::vector<std::string>& variables, std::uint64_t seed,
                   const SymregProgress& progress = {});

  const GpOptions& options() const { return options_; }

 private:
  GpOptions options_;
};

/// The symbolic-regressor family implementation the plugin entry hands out.
class GpRegressor final : public SymbolicRegressor {
 public:
  /// `options`: validated against gp_option_schema(); throws ael::Error (see
  /// gp_options_from).
  explicit GpRegressor(const Options& options) : engine_(gp_options_from(options)) {}
  explicit GpRegressor(GpOptions options) : engine_(std::move(options)) {}

  SymregResult fit(const Eigen::Ref<const Eigen::MatrixXd>& X,
                   const Eigen::Ref<const Eigen::MatrixXd>& Y,
                   const std::vector<std::string>& variables, std::uint64_t seed,
                   const SymregProgress& progress) override;

  const GpOptions& options() const { return engine_.options(); }

 private:
  GpEngine engine_;
};

}  // namespace ael::gp

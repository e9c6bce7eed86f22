// ael/symreg.hpp — the symbolic-regressor plugin family (part of the SDK).
//
// A symbolic regressor fits one equation per target: given inputs X (features x rows,
// the runtime's layout) and targets Y (targets x rows), it returns for each target the
// best Expression found, the Pareto front of complexity (node count) against error, and
// per-generation statistics. The GP plugin (plugins/gp) implements it; others (e.g. an
// exhaustive or a Lua-scripted search) can too.
//
// A regressor is a plugin object (ael/plugin.hpp): the host validates a script call such
// as `gp(population: 500)` against the plugin's option schema and hands the factory the
// complete ael::Options; the factory reports what the schema cannot express (e.g. an
// unknown primitive name in a list) as ael::Error. One object can fit many data sets.
#pragma once

#include "ael/export.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>
#include "ael/eigen.hpp"

#include "ael/expression.hpp"
#include "ael/plugin.hpp"

namespace ael {

/// Statistics of one generation of one target's run (also the progress event).
struct AEL_API SymregGeneration {
  int target = 0;              ///< target index (row of Y)
  int generation = 0;          ///< 0 is the initial population
  double best_error = 0;       ///< lowest MSE in this generation
  double best_ever_error = 0;  ///< lowest MSE so far (the hall of fame)
  std::size_t best_size = 0;   ///< node count of this generation's best
  double mean_error = 0;       ///< mean MSE over individuals with a finite error
  double median_error = 0;
  double mean_size = 0;  ///< mean node count
  int max_depth = 0;
  std::size_t evaluations = 0;  ///< individuals evaluated in this generation
  std::uint64_t node_rows = 0;  ///< nodes x rows evaluated in this generation
  double seconds = 0;           ///< wall time since the start of this target's run
};

/// A point of the complexity/error Pareto front: no other expression found is both
/// smaller (or equal) and more accurate.
struct AEL_API SymregParetoPoint {
  std::size_t complexity = 0;
  double error = 0;
  Expression expression;
};

struct AEL_API SymregTargetResult {
  Expression best;   ///< the most accurate expression found (the hall of fame)
  double error = 0;  ///< its MSE on the training data (float64)
  std::vector<SymregParetoPoint> pareto_front;  ///< ascending complexity
  std::vector<SymregGeneration> history;
  int generations = 0;      ///< generations run (early stops make this smaller)
  std::string stop_reason;  ///< "generations", "target_error", "callback"
};

struct AEL_API SymregResult {
  std::vector<SymregTargetResult> targets;  ///< one per row of Y
  double seconds = 0;                       ///< wall time of the whole fit
  double evaluation_seconds = 0;            ///< part of it spent computing fitness
  std::uint64_t evaluations = 0;            ///< fitness evaluations (individuals)
  std::uint64_t node_rows = 0;              ///< program nodes x data rows evaluated for fitness
};

/// Progress callback, called after every generation; return true to stop this target.
using SymregProgress = std::function<bool(const SymregGeneration&)>;

class AEL_API SymbolicRegressor : public PluginObject {
 public:
  static constexpr PluginFamily family = PluginFamily::SymbolicRegressor;
  ~SymbolicRegressor() override;

  /// Fits one equation per row of Y with the options the object was created with.
  /// X: features x rows; Y: targets x rows; `variables` names the features (one per row
  /// of X). Same seed, same result, whatever the number of threads. Throws ael::Error for
  /// inputs it cannot use (shapes, non-finite values).
  virtual SymregResult fit(const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::MatrixXd>& Y,
                           const std::vector<std::string>& variables, std::uint64_t seed,
                           const SymregProgress& progress) = 0;
};

}  // namespace ael

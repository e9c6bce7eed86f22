// ael/symreg.hpp — the symbolic-regressor plugin family (part of the SDK).
//
// A symbolic regressor fits one equation per target: given inputs X (features x rows,
// the runtime's layout) and targets Y (targets x rows), it returns for each target the
// best Expression found, the Pareto front of complexity (node count) against error, and
// per-generation statistics. The GP plugin (plugins/gp) implements it; others (e.g. an
// exhaustive or a Lua-scripted search) can too.
//
// Options arrive as a name -> value map, already checked against the plugin's schema by
// the host; a regressor still reports an unknown name or a wrong type as ael::Error.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "ael/expression.hpp"

namespace ael {

/// One option value: a flag, an integer, a number, a name, a list of names (e.g.
/// primitives) or a list of numbers (e.g. a range).
using SymregOptionValue = std::variant<bool, std::int64_t, double, std::string,
                                       std::vector<std::string>, std::vector<double>>;
using SymregOptions = std::map<std::string, SymregOptionValue, std::less<>>;

/// Statistics of one generation of one target's run (also the progress event).
struct SymregGeneration {
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
struct SymregParetoPoint {
  std::size_t complexity = 0;
  double error = 0;
  Expression expression;
};

struct SymregTargetResult {
  Expression best;   ///< the most accurate expression found (the hall of fame)
  double error = 0;  ///< its MSE on the training data (float64)
  std::vector<SymregParetoPoint> pareto_front;  ///< ascending complexity
  std::vector<SymregGeneration> history;
  int generations = 0;      ///< generations run (early stops make this smaller)
  std::string stop_reason;  ///< "generations", "target_error", "callback"
};

struct SymregResult {
  std::vector<SymregTargetResult> targets;  ///< one per row of Y
  double seconds = 0;                       ///< wall time of the whole fit
  double evaluation_seconds = 0;            ///< part of it spent computing fitness
  std::uint64_t evaluations = 0;            ///< fitness evaluations (individuals)
  std::uint64_t node_rows = 0;              ///< program nodes x data rows evaluated for fitness
};

/// Progress callback, called after every generation; return true to stop this target.
using SymregProgress = std::function<bool(const SymregGeneration&)>;

class SymbolicRegressor {
 public:
  /// Family tag for the plugin SDK.
  static constexpr const char* family = "symbolic_regressor";

  virtual ~SymbolicRegressor();

  /// Fits one equation per row of Y. X: features x rows; Y: targets x rows; `variables`
  /// names the features (one per row of X). Same seed, same result, whatever the number
  /// of threads.
  virtual SymregResult fit(const Eigen::Ref<const Eigen::MatrixXd>& X,
                           const Eigen::Ref<const Eigen::MatrixXd>& Y,
                           const std::vector<std::string>& variables, const SymregOptions& options,
                           std::uint64_t seed, const SymregProgress& progress = {}) = 0;
};

}  // namespace ael

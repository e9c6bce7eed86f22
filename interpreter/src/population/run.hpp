// The population engine: the loop every population optimizer plugin runs in.
//
//   initial networks (host, n x P) -> encode -> optimizer.initialize
//   repeat: ask -> decode genomes to parameters -> evaluate on batch b(g) -> tell
//
// "Limited evaluation" (backprop-vs-bio paper): by default generation g is evaluated on
// batch g, so every generation sees a fresh batch and the whole population of a generation
// sees the same one. The loop stops at the first budget reached (generations, evaluations,
// wall seconds, target loss) or when a callback says stop; it records, per generation,
// evaluations so far, wall time, best-so-far loss and the generation's min/mean/max (the
// min-loss-against-wall-time curves of the paper).
#pragma once

#include <Eigen/Core>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include "ael/optimizer.hpp"
#include "population/encoding.hpp"
#include "population/population_evaluator.hpp"

namespace ael::population {

/// Any combination; the first one reached stops the run. At least one must be set.
/// Budgets are checked after each whole generation.
struct PopulationBudget {
  std::optional<std::int64_t> generations;
  std::optional<std::int64_t> evaluations;
  std::optional<double> seconds;
  std::optional<double> target_loss;  ///< stop when the best loss is <= this

  bool any() const { return generations || evaluations || seconds || target_loss; }
};

struct GenerationRecord {
  std::int64_t generation = 0;   ///< 0-based
  std::int64_t evaluations = 0;  ///< evaluations so far, this generation included
  double seconds = 0;            ///< wall time since the run began
  double best_loss = 0;          ///< best so far
  double min_loss = 0;           ///< this generation
  double mean_loss = 0;
  double max_loss = 0;
};

struct PopulationRunConfig {
  std::uint64_t seed = 0;  ///< the optimizer's seed
  PopulationBudget budget;
  /// The batch generation g is evaluated on; empty: g itself (a fresh batch each time).
  std::function<std::uint64_t(std::int64_t generation)> batch_of_generation;
  /// Called on Begin, GenerationEnd and End; RunAction::Stop ends the run.
  std::vector<RunCallback> callbacks;
};

struct PopulationResult {
  Eigen::VectorXd best_genome;  ///< the best candidate evaluated
  Eigen::VectorXd best_params;  ///< its decoded parameters (exactly what was evaluated)
  double best_loss = std::numeric_limits<double>::infinity();
  std::int64_t generations = 0;
  std::int64_t evaluations = 0;
  double seconds = 0;
  StopReason stop = StopReason::None;
  std::vector<GenerationRecord> history;
};

class PopulationRun {
 public:
  PopulationRun(PopulationOptimizer& optimizer, const Encoding& encoding,
                PopulationEvaluator& evaluator, PopulationRunConfig config);

  /// Runs from the host's initial networks: parameter_count() x population_size() columns.
  /// Errors from the optimizer name the plugin ("plugin 'de' failed in tell(): ...");
  /// progress() then still holds every generation completed before the error.
  const PopulationResult& run(const Eigen::Ref<const Eigen::MatrixXd>& initial_params);

  /// Continues a run from a checkpoint: `so_far` is its result (generations, evaluations,
  /// best, history, seconds) and `state` the optimizer's saved state. The budgets count the
  /// whole run, so a run resumed from generation k computes what one that never stopped
  /// computes from k on (generation g is evaluated on batch g either way).
  const PopulationResult& resume(const PopulationResult& so_far, const OptimizerState& state);

  /// The result so far (complete after run() returns).
  const PopulationResult& progress() const { return result_; }

 private:
  void check_setup(const Eigen::Ref<const Eigen::MatrixXd>& initial_params) const;
  void check_dimensions() const;
  const PopulationResult& run_generations(StopReason stop_before);
  bool emit(const RunProgress& progress);
  RunProgress progress_event(RunEvent event) const;
  void run_generation(std::int64_t generation);
  StopReason budget_reached() const;
  double elapsed() const;

  PopulationOptimizer& optimizer_;
  const Encoding& encoding_;
  PopulationEvaluator& evaluator_;
  PopulationRunConfig config_;
  PopulationResult result_;
  Eigen::MatrixXd candidates_, params_;
  Eigen::VectorXd losses_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ael::population

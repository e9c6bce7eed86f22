// The training loop behind `train M on data { ... }`.
//
// The evaluator resolves the train block into a TrainSetup (a compiled graph whose "loss"
// endpoint is the objective, the data, the optimizer object, budgets and outputs); this
// file runs it. Two engines share one setup:
//   - gradient optimizers (sgd built in, adam/adagrad/rmsprop plugins): seeded shuffled
//     mini-batches, forward + backward on one planned graph (no allocation per step);
//   - population optimizers (cosyne, de, ea plugins): the population engine
//     (population/run.hpp) with a GraphObjective, a fresh batch per generation.
// Both report per-epoch (or per-generation) records to the log, the progress line and
// the script's on_epoch callback, stop on NaN/inf naming the loss term and the step, and
// write checkpoints atomically so a failure keeps the last good one.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "ael/optimizer.hpp"
#include "ael/value.hpp"
#include "graph/spec.hpp"
#include "train/resume_state.hpp"

namespace ael::train {

/// A 1x1 graph input fed each step from a number or a Schedule.
struct ScalarFeed {
  std::string name;
  Value value;
};

/// An optimizer option driven by a schedule (`adam(lr: cosine(...))`).
struct ScheduledOption {
  std::string name;
  Value schedule;
};

/// When a run stops: the first budget reached. An evaluation is one loss evaluation on a
/// mini-batch: a gradient step (forward + backward) or one individual of a generation, so
/// `evaluations` compares gradient and population optimizers at equal cost.
struct TrainBudget {
  std::optional<std::int64_t> epochs;
  std::optional<std::int64_t> steps;  ///< `batches`, or `generations` for populations
  std::optional<std::int64_t> evaluations;
  std::optional<double> time_limit;  ///< seconds
  std::optional<double> target_loss;

  bool any() const { return epochs || steps || evaluations || time_limit || target_loss; }
};

struct TrainSetup {
  std::string model_name;
  graph::GraphSpec spec;             ///< model + loss; endpoint "loss" is minimised
  std::vector<std::string> terms;    ///< endpoints of the loss terms, logged separately
  std::vector<std::string> metrics;  ///< scalar endpoints logged per epoch, not minimised
                                     ///< (gradient training only)
  std::vector<ScalarFeed> scalars;
  bool f64 = false;

  std::vector<Eigen::MatrixXd> inputs;      ///< per spec.inputs entry: features x N
  std::vector<Eigen::MatrixXd> validation;  ///< same layout; empty: no validation
  /// The endpoint evaluated on `validation`: "loss", or the `validation_loss = expr`
  /// setting's own endpoint (e.g. the reconstruction error without the training penalties).
  std::string validation_endpoint = "loss";
  std::optional<Eigen::VectorXd> initial_params;
  std::uint64_t init_seed = 0;
  /// A checkpoint's run state (`resume`): the run continues from it instead of starting.
  std::optional<ResumeState> resume;
  std::int64_t stage = 0;  ///< this run's stage in a chain, recorded in its checkpoints

  TrainBudget budget;
  /// Epochs (generations, for a population) without validation improvement.
  std::optional<std::int64_t> early_stop;
  bool keep_best = false;  ///< return the params of the best validation loss

  Eigen::Index batch = 32;
  std::uint64_t seed = 0;
  bool shuffle = true;

  std::shared_ptr<GradientOptimizer> gradient;
  std::shared_ptr<PopulationOptimizer> population;
  std::vector<ScheduledOption> scheduled_options;
  Eigen::Index dct_coefficients = 0;  ///< population genomes: 0 = direct encoding

  std::string log_path;               ///< CSV (or JSONL when it ends in .jsonl)
  std::string checkpoint_path;        ///< model file rewritten every checkpoint_every epochs
  std::int64_t checkpoint_every = 0;  ///< 0: every 5 seconds of training, and at the end
  std::int64_t log_every = 0;         ///< also record every this many steps (0: epochs only)
  bool progress = true;               ///< a progress line on a terminal (never when not a TTY)

  /// Called after each epoch (or generation) with its record; return true to stop.
  std::function<bool(const Record&)> on_epoch;
  /// Gradient training: called after every optimizer step with {step, epoch, loss, seconds}
  /// (the batch's loss); return true to stop. Population optimizers refuse it.
  std::function<bool(const Record&)> on_step;
  /// Population training: called after every generation with its record (as on_epoch is);
  /// return true to stop. Gradient optimizers refuse it.
  std::function<bool(const Record&)> on_generation;
  /// Writes a checkpoint (the evaluator saves it as a model file carrying `state`).
  std::function<void(const Eigen::VectorXd& params, const Record& info, const ResumeState& state,
                     const std::string& path)>
      save_checkpoint;
};

struct TrainResult {
  Eigen::VectorXd params;
  Record info;  ///< loss, validation_loss, steps, epochs, evaluations, seconds, stop
  std::vector<std::string> history_columns;
  std::vector<std::vector<double>> history;  ///< one row per record
};

/// Runs the setup. Throws ael::Error on NaN/inf (naming term and step), plugin failures
/// and bad settings; the last checkpoint written stays valid.
TrainResult run_training(const TrainSetup& setup);

/// Writes a training log (CSV, or JSONL when the path ends in .jsonl) atomically, as the
/// trainer does while it runs.
void write_log(const std::string& path, const std::vector<std::string>& columns,
               const std::vector<std::vector<double>>& rows);

}  // namespace ael::train

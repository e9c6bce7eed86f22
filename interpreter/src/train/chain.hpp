// Optimizer chains: `optimizer = de(generations: 50) then adagrad(lr: 0.1, epochs: 20)`.
//
// A chain runs its stages one after another on one TrainSetup. Each stage starts from
// the best parameters the stage before returned (a population stage seeds individual 0
// with them; the others come from the model's initialiser, as in any population run).
// A stage's budget is the one written in its optimizer call when there is one, else the
// train block's. Everything else (data, batch, validation, early_stop, keep_best, log,
// checkpoint, on_epoch) is the block's and applies to every stage.
//
// The result's history is the stages' histories one after another with a `stage` column
// (1-based) and the union of their columns (a gradient stage has no best_loss, a
// population stage no epoch: those cells are NaN); `seconds` counts from the start of
// the chain, and a population stage's `loss` is its best loss, so `.history.loss` is one
// curve across the stages. The log is rewritten at the end of each stage. A callback
// (on_epoch or on_stage) returning "stop" ends the whole chain.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "train/trainer.hpp"

namespace ael::train {

struct Stage {
  std::string label;  ///< the optimizer as written, for the history and messages
  std::shared_ptr<GradientOptimizer> gradient;
  std::shared_ptr<PopulationOptimizer> population;
  std::vector<ScheduledOption> scheduled_options;
  std::optional<TrainBudget> budget;  ///< the stage's own; none: the block's
};

/// Called after each stage of a chain of two or more with its record (stage, optimizer,
/// loss, steps, epochs, evaluations, seconds, stop); return true to end the chain.
using StageCallback = std::function<bool(const Record&)>;

/// Runs the stages on `setup` (which it modifies: optimizer, budget, seed and initial
/// parameters per stage). One stage without its own budget is exactly run_training.
TrainResult run_chain(TrainSetup& setup, const std::vector<Stage>& stages,
                      const StageCallback& on_stage = {});

}  // namespace ael::train

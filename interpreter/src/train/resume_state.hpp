// What a checkpoint carries beside the parameters so that `resume` continues a run where it
// stopped: the optimizer's whole state (Adam's moments and step count, a population and its
// generation, from which every random choice derives), the trainer's counters, the
// validation bookkeeping and the history so far. Gradient training derives everything else
// from the step number (the epoch's sample order, noise, schedules), so a run resumed from
// a checkpoint computes the same numbers as one that never stopped.
//
// Stored inside the checkpoint's safetensors file (one atomic write): the metadata entry
// "resume" (JSON: counters, names, shapes) and tensors named "__resume__/...", which a
// model loader ignores, so a checkpoint stays an ordinary model file.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ael/optimizer.hpp"
#include "io/safetensors.hpp"

namespace ael::train {

struct ResumeState {
  enum class Kind { Gradient, Population };
  Kind kind = Kind::Gradient;
  std::int64_t stage = 0;        ///< 0-based stage of a chain (0 without a chain)
  std::int64_t steps = 0;        ///< gradient steps taken, or generations completed
  std::int64_t epochs = 0;       ///< completed epochs (gradient training)
  std::int64_t evaluations = 0;  ///< loss evaluations so far
  double seconds = 0;            ///< wall time of the run so far
  std::int64_t samples = 0;      ///< the data and batch size the step count refers to
  std::int64_t batch = 0;
  /// Gradient: the best validation loss and epochs since; population: the best loss.
  double best_loss = std::numeric_limits<double>::infinity();
  std::int64_t since_best = 0;
  Eigen::VectorXd best_params;  ///< keep_best's parameters, or the population's best
  Eigen::VectorXd best_genome;  ///< population: the best genome (before decoding)
  std::vector<std::string> history_columns;
  std::vector<std::vector<double>> history;
  OptimizerState optimizer;
};

/// Adds the state to a checkpoint's tensor file.
void add_resume_state(io::TensorFile& file, const ResumeState& state);

/// The state in a checkpoint, or nullopt for a model file without one (saved by `save`, or
/// by an AEL older than resumable checkpoints). Throws ael::Error naming `path` when the
/// state is present but malformed.
std::optional<ResumeState> read_resume_state(const io::TensorFile& file, const std::string& path);

/// "gradient" or "population".
const char* kind_name(ResumeState::Kind kind);

}  // namespace ael::train

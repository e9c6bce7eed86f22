// ael/optimizer.hpp — the optimizer families of the plugin SDK, their checkpoint state and
// the run events every optimizer loop reports.
//
// GradientOptimizer: the host computes gradients and calls step(params, grads) once per
// batch, in float or double. PopulationOptimizer: ask/tell; the host owns evaluation (in
// parallel, on a fresh batch per generation) and the genome encoding, the optimizer only
// sees genomes and losses (lower is better).
//
// Both export their whole state as an OptimizerState (plain named numbers and arrays) so a
// checkpoint can be written by the host in any format and a run resumed bit-identically.
#pragma once

#include "ael/export.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>
#include "ael/eigen.hpp"

#include "ael/plugin.hpp"

namespace ael {

/// An optimizer's complete state, as plain data. Arrays are column-major with a shape.
/// Seeds and counters go in `integers` (exact), real values in `numbers`.
struct AEL_API OptimizerState {
  struct Array {
    std::string name;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    std::vector<double> data;
  };

  std::string optimizer;  ///< the plugin that wrote it; load_state checks it
  std::vector<std::pair<std::string, std::int64_t>> integers;
  std::vector<std::pair<std::string, double>> numbers;
  std::vector<Array> arrays;

  void set_integer(const std::string& name, std::int64_t value);
  void set_number(const std::string& name, double value);
  void set_array(const std::string& name, const Eigen::Ref<const Eigen::MatrixXd>& value);
  /// Accessors throw ael::Error naming the missing entry.
  std::int64_t integer(const std::string& name) const;
  double number(const std::string& name) const;
  Eigen::MatrixXd array(const std::string& name) const;
  bool has(const std::string& name) const;
  /// Throws ael::Error unless `optimizer` equals `expected`.
  void expect_optimizer(const std::string& expected) const;
};

/// A gradient-based optimizer (SGD, Adam, Adagrad, RMSprop...). Deterministic: the same
/// sequence of inputs gives bit-identical parameters.
class AEL_API GradientOptimizer : public PluginObject {
 public:
  static constexpr PluginFamily family = PluginFamily::GradientOptimizer;
  ~GradientOptimizer() override;

  /// Forgets all state and prepares for `n` parameters. Call before the first step.
  virtual void reset(Eigen::Index n) = 0;
  /// One update of `params` from `grads` (same length as given to reset). The float and
  /// double overloads share one state (kept in double), so a run may switch precision.
  virtual void step(Eigen::Ref<Eigen::VectorXf> params,
                    const Eigen::Ref<const Eigen::VectorXf>& grads) = 0;
  virtual void step(Eigen::Ref<Eigen::VectorXd> params,
                    const Eigen::Ref<const Eigen::VectorXd>& grads) = 0;
  /// Steps taken since reset.
  virtual std::int64_t steps() const = 0;
  /// Changes a schedulable option between steps (e.g. "lr"). Throws ael::Error for an
  /// option that is not schedulable.
  virtual void set_option(const std::string& name, double value) = 0;

  virtual OptimizerState save_state() const = 0;
  /// Restores a state saved by the same plugin (also restores the parameter count).
  virtual void load_state(const OptimizerState& state) = 0;
};

/// Writes both step() overloads for an optimizer whose update is one member template:
///
///   class Adam final : public ael::GradientOptimizerImpl<Adam> {
///     friend class ael::GradientOptimizerImpl<Adam>;
///     template <class S> void update(Eigen::Ref<Eigen::Matrix<S, Eigen::Dynamic, 1>> params,
///                                    const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, 1>>&
///                                    grads);
///   };
///
/// Header-only: it adds nothing to the ABI between host and plugins.
template <class Derived>
class AEL_API GradientOptimizerImpl : public GradientOptimizer {
 public:
  void step(Eigen::Ref<Eigen::VectorXf> params,
            const Eigen::Ref<const Eigen::VectorXf>& grads) final {
    static_cast<Derived*>(this)->template update<float>(params, grads);
  }
  void step(Eigen::Ref<Eigen::VectorXd> params,
            const Eigen::Ref<const Eigen::VectorXd>& grads) final {
    static_cast<Derived*>(this)->template update<double>(params, grads);
  }
};

/// A population-based optimizer (CoSyNE, DE, EA...) driven by ask/tell.
///
///   opt.initialize(initial, seed);          // genome_dim x population_size()
///   loop { opt.ask(candidates); evaluate; opt.tell(losses); }
///
/// Every random choice derives from `seed` and the generation number (ael::Rng streams),
/// so save_state/load_state resume a run bit-identically.
class AEL_API PopulationOptimizer : public PluginObject {
 public:
  static constexpr PluginFamily family = PluginFamily::PopulationOptimizer;
  ~PopulationOptimizer() override;

  /// How many genomes the host passes to initialize() (the population size option).
  virtual Eigen::Index population_size() const = 0;
  /// Starts a run from the host's genomes (genome_dim x population_size() columns, e.g. the
  /// encodings of freshly initialised networks).
  virtual void initialize(const Eigen::Ref<const Eigen::MatrixXd>& initial, std::uint64_t seed) = 0;
  /// Fills `candidates` (resized to genome_dim x m) with the genomes to evaluate next.
  /// Calling it again before tell() gives the same candidates.
  virtual void ask(Eigen::MatrixXd& candidates) = 0;
  /// The losses of the last ask()'s candidates, in the same order; lower is better. The
  /// host maps NaN to +inf before calling.
  virtual void tell(const Eigen::Ref<const Eigen::VectorXd>& losses) = 0;
  /// Completed generations (tell calls) since initialize().
  virtual std::int64_t generation() const = 0;
  /// The best genome told so far and its loss (+inf and an empty vector before any tell).
  virtual Eigen::VectorXd best() const = 0;
  virtual double best_loss() const = 0;

  virtual OptimizerState save_state() const = 0;
  virtual void load_state(const OptimizerState& state) = 0;
};

// ---------------------------------------------------------------------------------------
// Run events: one model for gradient training and population runs (names after
// ensmallen's callbacks). A callback returning RunAction::Stop ends the run after the
// current step or generation.

enum class RunEvent {
  Begin,          ///< before the first step / generation
  BeginEpoch,     ///< gradient training: a pass over the data starts
  EndEpoch,       ///< gradient training: a pass over the data ended
  StepTaken,      ///< gradient training: one optimizer step done
  GenerationEnd,  ///< population run: one generation evaluated and told
  End,            ///< the run stopped (`stop` says why)
};

enum class StopReason {
  None,         ///< still running
  Steps,        ///< step budget reached
  Epochs,       ///< epoch budget reached
  Generations,  ///< generation budget reached
  Evaluations,  ///< evaluation budget reached
  Time,         ///< wall-time budget reached
  TargetLoss,   ///< best loss reached the target
  Callback,     ///< a callback asked to stop
  EarlyStop,    ///< the validation loss stopped improving (train's early_stop)
  Interrupted,  ///< request_interrupt() (Ctrl-C) stopped the run
};

AEL_API const char* run_event_name(RunEvent event);
AEL_API const char* stop_reason_name(StopReason reason);

struct AEL_API RunProgress {
  RunEvent event = RunEvent::Begin;
  std::int64_t iteration = 0;    ///< steps or generations completed
  std::int64_t epoch = 0;        ///< epochs completed (gradient training)
  std::int64_t evaluations = 0;  ///< objective evaluations so far (population runs)
  double seconds = 0;            ///< wall time since Begin
  double loss = std::numeric_limits<double>::quiet_NaN();       ///< step loss / generation min
  double best_loss = std::numeric_limits<double>::quiet_NaN();  ///< best so far
  double mean_loss = std::numeric_limits<double>::quiet_NaN();  ///< generation mean
  double max_loss = std::numeric_limits<double>::quiet_NaN();   ///< generation max
  StopReason stop = StopReason::None;                           ///< set on End
};

enum class RunAction { Continue, Stop };
using RunCallback = std::function<RunAction(const RunProgress&)>;

// ---------------------------------------------------------------------------------------
// Gradient preprocessing shared by the gradient optimizers (same option names everywhere):
// clip the gradient by global norm, then clip each element, then add the L2 weight-decay
// term (coupled: g += weight_decay * p). Applied element by element inside the optimizer's
// update loop, so it costs no extra pass or buffer.

struct AEL_API GradientTransform {
  double clip_norm = 0;     ///< 0: off
  double clip_value = 0;    ///< 0: off
  double weight_decay = 0;  ///< L2 coefficient; 0: off

  /// The option specs: "weight_decay", "clip_norm", "clip_value".
  static std::vector<OptionSpec> option_specs();
  static GradientTransform from(const Options& options);

  /// The factor that brings the gradient's global norm down to clip_norm (1 when off or
  /// already small). Sums in double, in index order, so it is reproducible.
  template <class S>
  double norm_scale(const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, 1>>& grads) const {
    if (clip_norm <= 0) return 1.0;
    double sum = 0;
    for (Eigen::Index i = 0; i < grads.size(); ++i) {
      const double g = static_cast<double>(grads[i]);
      sum += g * g;
    }
    const double norm = std::sqrt(sum);
    return norm > clip_norm ? clip_norm / norm : 1.0;
  }

  /// The effective gradient of one parameter.
  double apply(double g, double p, double scale) const {
    g *= scale;
    if (clip_value > 0) g = g > clip_value ? clip_value : (g < -clip_value ? -clip_value : g);
    return g + weight_decay * p;
  }
};

}  // namespace ael

#include "population/run.hpp"

#include <cmath>

#include "ael/diagnostic.hpp"
#include "plugins/plugin_call.hpp"
#include "util/interrupt.hpp"

namespace ael::population {
namespace {

// "plugin 'de'", or "the optimizer" for one not made by a plugin handle.
std::string optimizer_label(const PluginObject& optimizer) {
  return optimizer.plugin_name().empty() ? std::string("the optimizer")
                                         : "plugin '" + optimizer.plugin_name() + "'";
}

}  // namespace

PopulationRun::PopulationRun(PopulationOptimizer& optimizer, const Encoding& encoding,
                             PopulationEvaluator& evaluator, PopulationRunConfig config)
    : optimizer_(optimizer),
      encoding_(encoding),
      evaluator_(evaluator),
      config_(std::move(config)) {}

void PopulationRun::check_dimensions() const {
  if (!config_.budget.any()) {
    throw Error(
        "a population run needs a budget: generations, evaluations, seconds or target loss");
  }
  if (encoding_.parameter_count() != evaluator_.dimension()) {
    throw Error("the " + encoding_.describe() + " encoding makes " +
                std::to_string(encoding_.parameter_count()) + " parameters, the objective takes " +
                std::to_string(evaluator_.dimension()));
  }
}

void PopulationRun::check_setup(const Eigen::Ref<const Eigen::MatrixXd>& initial) const {
  check_dimensions();
  if (initial.rows() != encoding_.parameter_count()) {
    throw Error("initial networks have " + std::to_string(initial.rows()) +
                " parameters, the objective takes " + std::to_string(encoding_.parameter_count()));
  }
  const Eigen::Index wanted = plugins::guarded_call(optimizer_, "population_size",
                                                    [&] { return optimizer_.population_size(); });
  if (initial.cols() != wanted) {
    throw Error(optimizer_label(optimizer_) + " needs " + std::to_string(wanted) +
                " initial networks, got " + std::to_string(initial.cols()));
  }
}

double PopulationRun::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

RunProgress PopulationRun::progress_event(RunEvent event) const {
  RunProgress p;
  p.event = event;
  p.iteration = result_.generations;
  p.evaluations = result_.evaluations;
  p.seconds = result_.seconds;
  p.best_loss = result_.best_loss;
  if (!result_.history.empty()) {
    const GenerationRecord& last = result_.history.back();
    p.loss = last.min_loss;
    p.mean_loss = last.mean_loss;
    p.max_loss = last.max_loss;
  }
  p.stop = result_.stop;
  return p;
}

// True when a callback asks to stop (every callback still sees the event).
bool PopulationRun::emit(const RunProgress& progress) {
  bool stop = false;
  for (const RunCallback& callback : config_.callbacks) {
    if (callback && callback(progress) == RunAction::Stop) stop = true;
  }
  return stop;
}

void PopulationRun::run_generation(std::int64_t generation) {
  plugins::guarded_call(optimizer_, "ask", [&] { optimizer_.ask(candidates_); });
  if (candidates_.rows() != encoding_.genome_size() || candidates_.cols() < 1) {
    throw Error(optimizer_label(optimizer_) + " asked for " + std::to_string(candidates_.cols()) +
                " candidates of length " + std::to_string(candidates_.rows()) +
                "; genomes have length " + std::to_string(encoding_.genome_size()));
  }
  const Eigen::Index m = candidates_.cols();
  const bool direct = encoding_.is_identity();
  if (!direct) {
    params_.resize(encoding_.parameter_count(), m);
    encoding_.decode(candidates_, params_);
  }
  const Eigen::MatrixXd& params = direct ? candidates_ : params_;
  losses_.resize(m);
  const std::uint64_t batch = config_.batch_of_generation ? config_.batch_of_generation(generation)
                                                          : static_cast<std::uint64_t>(generation);
  evaluator_.evaluate(params, batch, losses_);
  for (Eigen::Index j = 0; j < m; ++j) {
    if (std::isnan(losses_[j])) losses_[j] = std::numeric_limits<double>::infinity();
  }
  plugins::guarded_call(optimizer_, "tell", [&] { optimizer_.tell(losses_); });

  // The generation is complete: record it. (Plain loops: a fixed summation order, and
  // g++ 12 warns spuriously inside Eigen's AVX-512 reductions.)
  Eigen::Index arg_min = 0;
  double sum = 0, max = losses_[0];
  for (Eigen::Index j = 0; j < m; ++j) {
    if (losses_[j] < losses_[arg_min]) arg_min = j;
    if (losses_[j] > max) max = losses_[j];
    sum += losses_[j];
  }
  if (losses_[arg_min] < result_.best_loss || result_.best_genome.size() == 0) {
    result_.best_loss = losses_[arg_min];
    result_.best_genome = candidates_.col(arg_min);
    result_.best_params = params.col(arg_min);
  }
  result_.generations = generation + 1;
  result_.evaluations += m;
  result_.seconds = elapsed();
  GenerationRecord record;
  record.generation = generation;
  record.evaluations = result_.evaluations;
  record.seconds = result_.seconds;
  record.best_loss = result_.best_loss;
  record.min_loss = losses_[arg_min];
  record.mean_loss = sum / static_cast<double>(m);
  record.max_loss = max;
  result_.history.push_back(record);
}

StopReason PopulationRun::budget_reached() const {
  const PopulationBudget& b = config_.budget;
  if (b.target_loss && result_.best_loss <= *b.target_loss) return StopReason::TargetLoss;
  if (b.generations && result_.generations >= *b.generations) return StopReason::Generations;
  if (b.evaluations && result_.evaluations >= *b.evaluations) return StopReason::Evaluations;
  if (b.seconds && result_.seconds >= *b.seconds) return StopReason::Time;
  return StopReason::None;
}

const PopulationResult& PopulationRun::run(
    const Eigen::Ref<const Eigen::MatrixXd>& initial_params) {
  result_ = PopulationResult{};
  check_setup(initial_params);
  start_ = std::chrono::steady_clock::now();
  const Eigen::MatrixXd genomes = encoding_.encode(initial_params);
  plugins::guarded_call(optimizer_, "initialize",
                        [&] { optimizer_.initialize(genomes, config_.seed); });
  return run_generations(StopReason::None);
}

const PopulationResult& PopulationRun::resume(const PopulationResult& so_far,
                                              const OptimizerState& state) {
  check_dimensions();
  if (so_far.best_genome.size() != encoding_.genome_size()) {
    throw Error("the saved genomes have length " + std::to_string(so_far.best_genome.size()) +
                ", the " + encoding_.describe() + " encoding makes genomes of length " +
                std::to_string(encoding_.genome_size()));
  }
  result_ = so_far;
  result_.stop = StopReason::None;
  start_ = std::chrono::steady_clock::now() -
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(
               std::chrono::duration<double>(so_far.seconds));
  plugins::guarded_call(optimizer_, "load_state", [&] { optimizer_.load_state(state); });
  // A checkpoint written when the run ended has no generation left within its budgets.
  return run_generations(budget_reached());
}

const PopulationResult& PopulationRun::run_generations(StopReason stop_before) {
  bool stop_requested = emit(progress_event(RunEvent::Begin));
  result_.stop = stop_before;
  for (std::int64_t generation = result_.generations; result_.stop == StopReason::None;
       ++generation) {
    if (stop_requested) {
      result_.stop = StopReason::Callback;
      break;
    }
    run_generation(generation);
    stop_requested = emit(progress_event(RunEvent::GenerationEnd));
    // Ctrl-C wins over a budget reached at the same moment: the request must not stay
    // pending and stop the script's next statement instead.
    result_.stop = take_interrupt() ? StopReason::Interrupted : budget_reached();
  }
  result_.seconds = elapsed();
  emit(progress_event(RunEvent::End));
  return result_;
}

}  // namespace ael::population

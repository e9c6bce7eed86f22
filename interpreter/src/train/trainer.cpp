#include "train/trainer.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "ael/diagnostic.hpp"
#include "data/batches.hpp"
#include "graph/graph.hpp"
#include "graph/init.hpp"
#include "io/atomic_file.hpp"
#include "io/number_text.hpp"
#include "plugins/plugin_call.hpp"
#include "population/encoding.hpp"
#include "population/population_evaluator.hpp"
#include "population/run.hpp"
#include "train/objective.hpp"
#include "train/progress_line.hpp"
#include "train/schedule.hpp"
#include "util/interrupt.hpp"
#include "util/memory_budget.hpp"
#include "util/thread_pool.hpp"

namespace ael::train {

namespace {

using Clock = std::chrono::steady_clock;

// Without checkpoint_every, checkpoints are written at most this often (and at the end).
constexpr double kCheckpointSeconds = 5.0;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ------------------------------------------------------------------------ batch feeding

// Copies the columns of one mini-batch into a graph's input buffers. The epoch's sample
// order is computed once per epoch (cached), so feeding allocates nothing per step.
template <class S>
class BatchFeeder {
 public:
  BatchFeeder(const TrainSetup& setup, const data::BatchPlan& plan) : setup_(setup), plan_(plan) {}

  Eigen::Index batches_per_epoch() const { return plan_.batches_per_epoch(); }

  /// Feeds global batch `global` (epoch-major); returns its size.
  Eigen::Index feed(graph::Graph<S>& g, std::uint64_t global) {
    auto [epoch, b] = plan_.locate(global);
    if (!cached_ || epoch != epoch_) {
      order_ = plan_.epoch_order(epoch);
      epoch_ = epoch;
      cached_ = true;
    }
    auto [begin, end] = plan_.batch_bounds(b);
    const Eigen::Index count = end - begin;
    if (g.batch() != count) g.set_batch(count);
    for (std::size_t i = 0; i < setup_.inputs.size(); ++i) {
      auto buffer = g.input_buffer(setup_.spec.inputs[i].node);
      const Eigen::MatrixXd& data = setup_.inputs[i];
      for (Eigen::Index j = 0; j < count; ++j) {
        buffer.col(j) = data.col(order_[static_cast<std::size_t>(begin + j)]).template cast<S>();
      }
    }
    return count;
  }

 private:
  const TrainSetup& setup_;
  data::BatchPlan plan_;
  std::vector<data::Index> order_;
  std::uint64_t epoch_ = 0;
  bool cached_ = false;
};

template <class S>
void set_scalars(graph::Graph<S>& g, const TrainSetup& setup, std::int64_t step,
                 std::int64_t epoch) {
  for (const ScalarFeed& s : setup.scalars) {
    g.set_scalar(s.name, static_cast<S>(value_at(s.value, step, epoch)));
  }
}

// Full-data loss in evaluation mode (noise off), in chunks.
template <class S>
double evaluate_loss(graph::Graph<S>& g, const TrainSetup& setup,
                     const std::vector<Eigen::MatrixXd>& data, NodeId loss, std::int64_t step,
                     std::int64_t epoch) {
  const Eigen::Index n = data.empty() ? 0 : data[0].cols();
  const Eigen::Index chunk = 4096;
  double total = 0;
  set_scalars(g, setup, step, epoch);
  for (Eigen::Index begin = 0; begin < n; begin += chunk) {
    const Eigen::Index count = std::min(chunk, n - begin);
    if (g.batch() != count) g.set_batch(count);
    for (std::size_t i = 0; i < data.size(); ++i) {
      g.set_input(setup.spec.inputs[i].node, data[i].middleCols(begin, count).template cast<S>());
    }
    g.forward(loss, RunContext{false, setup.seed, static_cast<std::uint64_t>(step)});
    total += static_cast<double>(g.value(loss)(0, 0)) * static_cast<double>(count);
  }
  return n > 0 ? total / static_cast<double>(n) : 0.0;
}

// ----------------------------------------------------------------------------- logging

class MetricsLog {
 public:
  MetricsLog(std::string path, std::vector<std::string> columns)
      : path_(std::move(path)), columns_(std::move(columns)) {}

  /// Adds a record; the file is rewritten at most once a second (each write is an
  /// fsync'ed temp file + rename) and always by flush().
  void add(const std::vector<double>& row) {
    rows_.push_back(row);
    if (path_.empty()) return;
    const auto now = Clock::now();
    if (written_ && now - last_write_ < std::chrono::seconds(1)) return;
    write();
    last_write_ = now;
    written_ = true;
  }
  void flush() const {
    if (!path_.empty()) write();
  }
  void set_rows(std::vector<std::vector<double>> rows) { rows_ = std::move(rows); }
  const std::vector<std::vector<double>>& rows() const { return rows_; }
  const std::vector<std::string>& columns() const { return columns_; }

 private:
  bool jsonl() const {
    return path_.size() >= 6 && path_.compare(path_.size() - 6, 6, ".jsonl") == 0;
  }
  // Rewritten whole and renamed into place each time: a crash never leaves half a log.
  void write() const {
    std::ostringstream out;
    if (jsonl()) {
      for (const auto& row : rows_) {
        out << '{';
        for (std::size_t c = 0; c < columns_.size(); ++c) {
          out << (c ? ", " : "") << '"' << columns_[c] << "\": " << json_number(row[c]);
        }
        out << "}\n";
      }
    } else {
      for (std::size_t c = 0; c < columns_.size(); ++c) out << (c ? "," : "") << columns_[c];
      out << '\n';
      for (const auto& row : rows_) {
        for (std::size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << number(row[c]);
        out << '\n';
      }
    }
    io::write_file_atomic(path_, out.str());
  }
  // JSON has no NaN or infinity: they are null there (a validation loss not computed on
  // this row is null). CSV keeps nan/inf, which pandas and numpy read back.
  static std::string json_number(double v) { return std::isfinite(v) ? number(v) : "null"; }
  static std::string number(double v) {
    if (std::isnan(v)) return "nan";
    if (v == std::floor(v) && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    return io::number_text(v);
  }

  std::string path_;
  std::vector<std::string> columns_;
  std::vector<std::vector<double>> rows_;
  Clock::time_point last_write_;
  bool written_ = false;
};

Record info_of(double loss, std::int64_t steps, std::int64_t epochs, double seconds,
               StopReason stop) {
  return Record{{"loss", Value(loss)},
                {"steps", Value(steps)},
                {"epochs", Value(epochs)},
                {"seconds", Value(seconds)},
                {"stop", Value(std::string(stop_reason_name(stop)))}};
}

[[noreturn]] void non_finite(const std::string& what, double value, std::int64_t step,
                             std::int64_t epoch, const TrainSetup& setup) {
  std::string message = what + " is " + (std::isnan(value) ? "NaN" : "infinite") + " at step " +
                        std::to_string(step) + " (epoch " + std::to_string(epoch) + ")";
  if (!setup.checkpoint_path.empty()) {
    message += "; the last good checkpoint is kept in " + setup.checkpoint_path;
  }
  throw Error(message);
}

// Ctrl-C during training: the log and checkpoint are written; the script stops here
// (the interpreter marks the result interrupted: exit code 130 from `ael run`).
[[noreturn]] void interrupted(const TrainSetup& setup, std::int64_t step, std::int64_t epoch) {
  std::string message =
      "interrupted at step " + std::to_string(step) + " (epoch " + std::to_string(epoch) + ")";
  if (!setup.checkpoint_path.empty()) message += "; checkpoint written to " + setup.checkpoint_path;
  if (!setup.log_path.empty()) message += "; log written to " + setup.log_path;
  throw Error(message);
}

// Names the first non-finite loss term (all terms were computed by the same forward).
template <class S>
[[noreturn]] void report_non_finite(const graph::Graph<S>& g, const TrainSetup& setup, double loss,
                                    std::int64_t step, std::int64_t epoch) {
  for (const std::string& t : setup.terms) {
    const double v = static_cast<double>(g.value(g.endpoint(t))(0, 0));
    if (!std::isfinite(v)) non_finite("loss term '" + t + "'", v, step, epoch, setup);
  }
  non_finite("the loss", loss, step, epoch, setup);
}

std::vector<std::string> log_columns(const TrainSetup& setup, bool population) {
  std::vector<std::string> c =
      population ? std::vector<std::string>{"generation", "evaluations", "seconds", "best_loss",
                                            "min_loss",   "mean_loss",   "max_loss"}
                 : std::vector<std::string>{"step", "epoch", "seconds", "loss"};
  if (!population) {
    for (const std::string& t : setup.terms) c.push_back(t);
    for (const std::string& m : setup.metrics) c.push_back(m);
  }
  if (!setup.validation.empty()) c.push_back("validation_loss");
  return c;
}

Record record_of(const std::vector<std::string>& columns, const std::vector<double>& row) {
  Record r;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const bool integral = columns[i] == "step" || columns[i] == "epoch" ||
                          columns[i] == "generation" || columns[i] == "evaluations";
    r.set(columns[i], integral ? Value(static_cast<std::int64_t>(row[i])) : Value(row[i]));
  }
  return r;
}

void apply_scheduled_options(GradientOptimizer& opt, const TrainSetup& setup, std::int64_t step,
                             std::int64_t epoch) {
  for (const ScheduledOption& o : setup.scheduled_options) {
    const double v = value_at(o.schedule, step, epoch);
    plugins::guarded_call(opt, "set_option", [&] { opt.set_option(o.name, v); });
  }
}

// Which step budget ended a gradient run at `step` (the smallest one binds).
StopReason budget_stop(const TrainBudget& b, std::int64_t step, std::int64_t per_epoch) {
  if (b.evaluations && step == *b.evaluations) return StopReason::Evaluations;
  if (b.epochs && step == *b.epochs * per_epoch) return StopReason::Epochs;
  return StopReason::Steps;
}

// ------------------------------------------------------------------------- resuming

// A checkpoint's state continues this run only if it comes from the same kind of run with
// the same optimizer over the same number of samples and batch size (the step number then
// means the same batch).
void check_resume(const ResumeState& r, ResumeState::Kind kind, const PluginObject& opt,
                  const std::vector<std::string>& columns, std::int64_t samples,
                  std::int64_t batch) {
  const std::string hint =
      "; to start from the checkpoint's parameters with a fresh optimizer, "
      "use init_from = \"...\" instead of resume";
  if (r.kind != kind) {
    throw Error(std::string("resume: the checkpoint holds the state of a ") + kind_name(r.kind) +
                " optimizer ('" + r.optimizer.optimizer + "'), this run's optimizer is a " +
                kind_name(kind) + " one" + hint);
  }
  const std::string& name = opt.plugin_name();
  if (!name.empty() && name != r.optimizer.optimizer) {
    throw Error("resume: the checkpoint holds the state of '" + r.optimizer.optimizer +
                "', this run's optimizer is '" + name + "'" + hint);
  }
  if (r.samples != samples || r.batch != batch) {
    throw Error("resume: the checkpoint was written training on " + std::to_string(r.samples) +
                " samples in batches of " + std::to_string(r.batch) + ", this run has " +
                std::to_string(samples) + " in batches of " + std::to_string(batch) +
                " (its step count would name other batches)" + hint);
  }
  if (r.history_columns != columns) {
    std::string have, want;
    for (const std::string& c : r.history_columns) have += (have.empty() ? "" : ", ") + c;
    for (const std::string& c : columns) want += (want.empty() ? "" : ", ") + c;
    throw Error("resume: the checkpoint's log has the columns " + have + "; this run logs " + want +
                " (the loss terms, metrics or validation differ)" + hint);
  }
}

Clock::time_point started_seconds_ago(double seconds) {
  return Clock::now() - std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(std::max(0.0, seconds)));
}

// ------------------------------------------------------------------- gradient training

template <class S>
TrainResult train_gradient(const TrainSetup& setup) {
  auto start = Clock::now();
  graph::Graph<S> g(setup.spec, setup.init_seed);
  if (setup.initial_params) g.set_params(*setup.initial_params);
  const NodeId loss_id = g.endpoint("loss");
  const NodeId validation_id = g.endpoint(setup.validation_endpoint);
  std::vector<NodeId> term_ids;
  for (const std::string& t : setup.terms) term_ids.push_back(g.endpoint(t));
  // Metrics are logged like terms; the forward pass computes them with the loss.
  for (const std::string& m : setup.metrics) term_ids.push_back(g.endpoint(m));
  std::vector<NodeId> targets = {loss_id};
  for (const std::string& m : setup.metrics) targets.push_back(g.endpoint(m));

  // Fixed (non-trainable) weights: remembered and restored after each update, so no
  // optimizer (weight decay, momentum) can move them.
  const Eigen::VectorXd mask = setup.spec.params.trainable_mask();
  const bool has_fixed = (mask.array() == 0).any();
  const Vector<S> fixed_values = g.params();

  const Eigen::Index n = setup.inputs.at(0).cols();
  data::BatchPlan plan(n, std::min<Eigen::Index>(setup.batch, n), setup.seed, setup.shuffle);
  BatchFeeder<S> feeder(setup, plan);
  const std::int64_t per_epoch = feeder.batches_per_epoch();
  std::int64_t max_steps = std::numeric_limits<std::int64_t>::max();
  const TrainBudget& budget = setup.budget;
  if (budget.steps) max_steps = *budget.steps;
  if (budget.epochs) max_steps = std::min(max_steps, *budget.epochs * per_epoch);
  if (budget.evaluations) max_steps = std::min(max_steps, *budget.evaluations);
  const std::optional<std::int64_t> max_steps_known =
      max_steps == std::numeric_limits<std::int64_t>::max()
          ? std::nullopt
          : std::optional<std::int64_t>(max_steps);

  GradientOptimizer& opt = *setup.gradient;
  plugins::guarded_call(opt, "reset", [&] { opt.reset(g.params().size()); });

  MetricsLog log(setup.log_path, log_columns(setup, false));
  ProgressLine progress(setup.progress);
  StopReason stop = StopReason::None;
  double epoch_loss = 0, last_loss = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> term_sums(term_ids.size(), 0.0);
  double best_validation = std::numeric_limits<double>::infinity();
  double last_validation = best_validation;  // the returned network's, without keep_best
  Eigen::VectorXd best_params;
  std::int64_t since_best = 0, seen = 0, step = 0, epoch = 0;
  auto last_checkpoint = Clock::now();
  const auto batch_size = static_cast<std::int64_t>(std::min<Eigen::Index>(setup.batch, n));
  if (setup.resume) {
    const ResumeState& r = *setup.resume;
    check_resume(r, ResumeState::Kind::Gradient, opt, log.columns(), n, batch_size);
    plugins::guarded_call(opt, "load_state", [&] { opt.load_state(r.optimizer); });
    step = r.steps;
    epoch = r.epochs;
    best_validation = last_validation = r.best_loss;
    since_best = r.since_best;
    best_params = r.best_params;
    log.set_rows(r.history);
    if (!r.history.empty()) last_loss = r.history.back()[3];  // the "loss" column
    start = started_seconds_ago(r.seconds);
    // A checkpoint written at the end of a run may have no step left in this budget.
    if (step >= max_steps) stop = budget_stop(budget, step, per_epoch);
  }
  const auto resume_state = [&] {
    ResumeState r;
    r.kind = ResumeState::Kind::Gradient;
    r.stage = setup.stage;
    r.steps = r.evaluations = step;
    r.epochs = epoch;
    r.seconds = seconds_since(start);
    r.samples = n;
    r.batch = batch_size;
    r.best_loss = best_validation;
    r.since_best = since_best;
    r.best_params = best_params;
    r.history_columns = log.columns();
    r.history = log.rows();
    r.optimizer = plugins::guarded_call(opt, "save_state", [&] { return opt.save_state(); });
    return r;
  };

  while (stop == StopReason::None) {
    const Eigen::Index count = feeder.feed(g, static_cast<std::uint64_t>(step));
    set_scalars(g, setup, step, epoch);
    apply_scheduled_options(opt, setup, step, epoch);
    g.forward(targets, RunContext{true, setup.seed, static_cast<std::uint64_t>(step)});
    const double loss = static_cast<double>(g.value(loss_id)(0, 0));
    if (!std::isfinite(loss)) report_non_finite(g, setup, loss, step, epoch);
    g.backward(loss_id);
    plugins::guarded_call(opt, "step", [&] {
      if constexpr (std::is_same_v<S, float>) {
        opt.step(Eigen::Ref<Eigen::VectorXf>(g.params()), g.grads());
      } else {
        opt.step(Eigen::Ref<Eigen::VectorXd>(g.params()), g.grads());
      }
    });
    if (has_fixed) {
      for (Eigen::Index i = 0; i < mask.size(); ++i) {
        if (mask[i] == 0) g.params()[i] = fixed_values[i];
      }
    }
    epoch_loss += loss * static_cast<double>(count);
    for (std::size_t t = 0; t < term_ids.size(); ++t) {
      term_sums[t] += static_cast<double>(g.value(term_ids[t])(0, 0)) * static_cast<double>(count);
    }
    seen += count;
    ++step;

    const bool epoch_done = step % per_epoch == 0;
    if (setup.on_step && stop == StopReason::None &&
        setup.on_step(Record{{"step", Value(static_cast<std::int64_t>(step))},
                             {"epoch", Value(static_cast<std::int64_t>(epoch))},
                             {"loss", Value(loss)},
                             {"seconds", Value(seconds_since(start))}})) {
      stop = StopReason::Callback;
    }
    const bool report_due = setup.log_every > 0 && step % setup.log_every == 0;
    if (step >= max_steps) stop = budget_stop(budget, step, per_epoch);
    if (budget.time_limit && seconds_since(start) >= *budget.time_limit) stop = StopReason::Time;
    if (take_interrupt()) stop = StopReason::Interrupted;  // Ctrl-C: log, checkpoint, stop
    if (progress.due()) {
      progress.show("[" + setup.model_name + "] epoch " + std::to_string(epoch + 1) + " step " +
                        std::to_string(step) + " loss " + io::number_text(loss, 6),
                    budget_fraction(max_steps_known, step, std::nullopt, step, budget.time_limit,
                                    seconds_since(start)));
    }
    if (!epoch_done && !report_due && stop == StopReason::None) continue;

    // An epoch (or the last, partial one) ends: record, validate, call back, checkpoint.
    last_loss = epoch_loss / static_cast<double>(seen);
    std::vector<double> row = {static_cast<double>(step), static_cast<double>(epoch),
                               seconds_since(start), last_loss};
    for (double s : term_sums) row.push_back(s / static_cast<double>(seen));
    if (!setup.validation.empty() && (epoch_done || stop != StopReason::None)) {
      const double v = evaluate_loss(g, setup, setup.validation, validation_id, step, epoch);
      if (!std::isfinite(v)) non_finite("the validation loss", v, step, epoch, setup);
      row.push_back(v);
      last_validation = v;
      if (v < best_validation) {
        best_validation = v;
        since_best = 0;
        if (setup.keep_best) best_params = g.params().template cast<double>();
      } else if (setup.early_stop && ++since_best >= *setup.early_stop &&
                 stop == StopReason::None) {
        stop = StopReason::EarlyStop;
      }
    } else if (!setup.validation.empty()) {
      row.push_back(std::numeric_limits<double>::quiet_NaN());  // validated at epoch ends only
    }
    log.add(row);
    if (budget.target_loss && last_loss <= *budget.target_loss && stop == StopReason::None) {
      stop = StopReason::TargetLoss;
    }
    // Rows that log_every adds between epoch ends are not epochs: no callback for them.
    if (epoch_done && setup.on_epoch && setup.on_epoch(record_of(log.columns(), row)) &&
        stop == StopReason::None) {
      stop = StopReason::Callback;
    }
    if (epoch_done) ++epoch;
    const bool checkpoint_due = setup.checkpoint_every > 0
                                    ? epoch_done && epoch % setup.checkpoint_every == 0
                                    : seconds_since(last_checkpoint) >= kCheckpointSeconds;
    if (!setup.checkpoint_path.empty() && setup.save_checkpoint &&
        (checkpoint_due || stop != StopReason::None)) {
      last_checkpoint = Clock::now();
      log.flush();  // after a kill, the log is never behind the checkpoint
      setup.save_checkpoint(g.params().template cast<double>(),
                            info_of(last_loss, step, epoch, seconds_since(start), stop),
                            resume_state(), setup.checkpoint_path);
    }
    epoch_loss = 0;
    seen = 0;
    std::fill(term_sums.begin(), term_sums.end(), 0.0);
  }

  log.flush();
  if (stop == StopReason::Interrupted) interrupted(setup, step, epoch);
  TrainResult result;
  result.params = setup.keep_best && best_params.size()
                      ? best_params
                      : Eigen::VectorXd(g.params().template cast<double>());
  result.info = info_of(last_loss, step, epoch, seconds_since(start), stop);
  result.info.set("evaluations", Value(step));  // one loss evaluation per step
  // The validation loss of the network returned: the best one's with keep_best.
  if (!setup.validation.empty()) {
    const bool best = setup.keep_best && best_params.size();
    result.info.set("validation_loss", Value(best ? best_validation : last_validation));
  }
  result.history_columns = log.columns();
  result.history = log.rows();
  return result;
}

// ----------------------------------------------------------------- population training

// The loss of a parameter vector on one mini-batch: the objective population optimizers
// consume. Each clone owns a graph (thread-safe through cloning, as Objective requires).
template <class S>
class GraphObjective final : public Objective {
 public:
  explicit GraphObjective(const TrainSetup& setup)
      : setup_(setup),
        plan_(setup.inputs.at(0).cols(),
              std::min<Eigen::Index>(setup.batch, setup.inputs[0].cols()), setup.seed,
              setup.shuffle),
        graph_(std::make_unique<graph::Graph<S>>(setup.spec, setup.init_seed)),
        feeder_(setup, plan_),
        loss_(graph_->endpoint("loss")) {}

  Eigen::Index dimension() const override { return setup_.spec.params.size; }

  double value(const Eigen::Ref<const Eigen::VectorXd>& params, std::uint64_t batch) override {
    graph_->set_params(params);
    feeder_.feed(*graph_, batch);
    const auto step = static_cast<std::int64_t>(batch);
    set_scalars(*graph_, setup_, step,
                step / std::max<std::int64_t>(1, feeder_.batches_per_epoch()));
    graph_->forward(loss_, RunContext{true, setup_.seed, batch});
    return static_cast<double>(graph_->value(loss_)(0, 0));
  }

  std::unique_ptr<Objective> clone() const override {
    return std::make_unique<GraphObjective>(setup_);
  }

 private:
  const TrainSetup& setup_;
  data::BatchPlan plan_;
  std::unique_ptr<graph::Graph<S>> graph_;
  BatchFeeder<S> feeder_;
  NodeId loss_;
};

// A population checkpoint as the engine's result so far (its log rows are the history).
population::PopulationResult so_far_of(const ResumeState& s) {
  population::PopulationResult r;
  r.best_genome = s.best_genome;
  r.best_params = s.best_params;
  r.best_loss = s.best_loss;
  r.generations = s.steps;
  r.evaluations = s.evaluations;
  r.seconds = s.seconds;
  for (const std::vector<double>& row : s.history) {
    population::GenerationRecord g;  // the columns of log_columns(setup, true)
    g.generation = static_cast<std::int64_t>(row[0]);
    g.evaluations = static_cast<std::int64_t>(row[1]);
    g.seconds = row[2];
    g.best_loss = row[3];
    g.min_loss = row[4];
    g.mean_loss = row[5];
    g.max_loss = row[6];
    r.history.push_back(g);
  }
  return r;
}

// Population training with validation data: after every generation the best network so far
// is scored on it (the validation_loss column); early_stop counts generations without
// improvement and keep_best returns the network of the best score.
template <class S>
class PopulationValidation {
 public:
  explicit PopulationValidation(const TrainSetup& setup) : setup_(setup) {
    if (!on()) return;
    graph_ = std::make_unique<graph::Graph<S>>(setup.spec, setup.init_seed);
    endpoint_ = graph_->endpoint(setup.validation_endpoint);
  }
  bool on() const { return !setup_.validation.empty(); }

  /// A resumed run: the bookkeeping follows from the history's validation column.
  void restore(const std::vector<std::vector<double>>& history) {
    if (!on()) return;
    if (setup_.keep_best && !history.empty()) {
      throw Error(
          "train: resuming a population run with keep_best is not supported yet (the "
          "checkpoint does not hold the best validated network); resume without "
          "keep_best, or start again");
    }
    for (const std::vector<double>& row : history) {
      record(row.back());
      last_ = row.back();
    }
  }

  /// Scores `params` at `generation`; true when early stopping ends the run here.
  bool score(const Eigen::VectorXd& params, std::int64_t generation, std::vector<double>& row) {
    graph_->set_params(params);
    const double v =
        evaluate_loss(*graph_, setup_, setup_.validation, endpoint_, generation, generation);
    if (!std::isfinite(v)) non_finite("the validation loss", v, generation, generation, setup_);
    row.push_back(v);
    last_ = v;
    if (record(v) && setup_.keep_best) best_params_ = params;
    stopped_ = setup_.early_stop && since_best_ >= *setup_.early_stop;
    return stopped_;
  }

  bool early_stopped() const { return stopped_; }
  /// The validation loss of the network the run returns (the best one with keep_best).
  double of_result() const { return best_params_ ? best_ : last_; }
  const std::optional<Eigen::VectorXd>& best_params() const { return best_params_; }

 private:
  bool record(double v) {  // true when v is a new best
    if (v < best_) {
      best_ = v;
      since_best_ = 0;
      return true;
    }
    ++since_best_;
    return false;
  }

  const TrainSetup& setup_;
  std::unique_ptr<graph::Graph<S>> graph_;
  NodeId endpoint_{};
  double best_ = std::numeric_limits<double>::infinity();
  double last_ = std::numeric_limits<double>::quiet_NaN();
  std::int64_t since_best_ = 0;
  bool stopped_ = false;
  std::optional<Eigen::VectorXd> best_params_;
};

template <class S>
TrainResult train_population(const TrainSetup& setup) {
  GraphObjective<S> objective(setup);
  const Eigen::Index n = objective.dimension();
  std::unique_ptr<population::Encoding> encoding;
  if (setup.dct_coefficients > 0) {
    encoding = std::make_unique<population::DctEncoding>(n, setup.dct_coefficients);
  } else {
    encoding = std::make_unique<population::DirectEncoding>(n);
  }
  PopulationOptimizer& opt = *setup.population;
  const Eigen::Index pop =
      plugins::guarded_call(opt, "population_size", [&] { return opt.population_size(); });
  // The host's initial networks, the plugin's population and its trials: three copies.
  require_memory(3.0 * static_cast<double>(n) * static_cast<double>(pop) * sizeof(double),
                 "a population of " + std::to_string(pop) + " networks of " + std::to_string(n) +
                     " parameters");
  // The initial networks: the model's initialiser with one seed per individual.
  Eigen::MatrixXd initial(n, pop);
  for (Eigen::Index i = 0; i < pop; ++i) {
    initial.col(i) =
        setup.initial_params && i == 0
            ? *setup.initial_params
            : graph::initialise(setup.spec.params, setup.init_seed + static_cast<std::uint64_t>(i));
  }

  population::PopulationRunConfig config;
  config.seed = setup.seed;
  const TrainBudget& budget = setup.budget;
  if (budget.steps) config.budget.generations = *budget.steps;
  config.budget.evaluations = budget.evaluations;
  // One generation per mini-batch: an epoch is batches_per_epoch generations.
  const std::int64_t per_epoch =
      data::BatchPlan(setup.inputs[0].cols(),
                      std::min<Eigen::Index>(setup.batch, setup.inputs[0].cols()), setup.seed)
          .batches_per_epoch();
  bool epochs_bound = false;  // the epoch budget is what caps the generations
  if (budget.epochs) {
    const std::int64_t g = *budget.epochs * per_epoch;
    epochs_bound = !config.budget.generations || g <= *config.budget.generations;
    config.budget.generations =
        config.budget.generations ? std::min(*config.budget.generations, g) : g;
  }
  if (budget.time_limit) config.budget.seconds = *budget.time_limit;
  if (budget.target_loss) config.budget.target_loss = *budget.target_loss;

  MetricsLog log(setup.log_path, log_columns(setup, true));
  ProgressLine progress(setup.progress);
  PopulationValidation<S> validation(setup);
  const std::int64_t samples = setup.inputs[0].cols();
  const auto batch_size = static_cast<std::int64_t>(std::min<Eigen::Index>(setup.batch, samples));
  population::PopulationRun* run_ptr = nullptr;
  const auto resume_state = [&](const population::PopulationResult& so_far) {
    ResumeState r;
    r.kind = ResumeState::Kind::Population;
    r.stage = setup.stage;
    r.steps = so_far.generations;
    r.evaluations = so_far.evaluations;
    r.seconds = so_far.seconds;
    r.samples = samples;
    r.batch = batch_size;
    r.best_loss = so_far.best_loss;
    r.best_params = so_far.best_params;
    r.best_genome = so_far.best_genome;
    r.history_columns = log.columns();
    r.history = log.rows();
    r.optimizer = plugins::guarded_call(opt, "save_state", [&] { return opt.save_state(); });
    return r;
  };
  const auto save = [&](const population::PopulationResult& so_far, StopReason stop) {
    log.flush();  // after a kill, the log is never behind the checkpoint
    Record info =
        info_of(so_far.best_loss, so_far.generations,
                so_far.generations / std::max<std::int64_t>(1, per_epoch), so_far.seconds, stop);
    info.set("evaluations", Value(so_far.evaluations));
    setup.save_checkpoint(so_far.best_params, info, resume_state(so_far), setup.checkpoint_path);
  };
  const bool checkpoints = !setup.checkpoint_path.empty() && setup.save_checkpoint;
  auto last_checkpoint = Clock::now();
  config.callbacks.push_back([&](const RunProgress& p) {
    if (p.event != RunEvent::GenerationEnd || !run_ptr) return RunAction::Continue;
    const population::PopulationResult& so_far = run_ptr->progress();
    const population::GenerationRecord& r = so_far.history.back();
    std::vector<double> row = {static_cast<double>(r.generation),
                               static_cast<double>(r.evaluations),
                               r.seconds,
                               r.best_loss,
                               r.min_loss,
                               r.mean_loss,
                               r.max_loss};
    const bool early_stop =
        validation.on() && validation.score(so_far.best_params, r.generation, row);
    log.add(row);
    progress.show(
        "[" + setup.model_name + "] generation " + std::to_string(r.generation + 1) + " best " +
            io::number_text(r.best_loss, 6),
        budget_fraction(config.budget.generations, so_far.generations, config.budget.evaluations,
                        so_far.evaluations, config.budget.seconds, so_far.seconds));
    // checkpoint_every counts generations here; without it, every few seconds.
    const bool due = setup.checkpoint_every > 0
                         ? so_far.generations % setup.checkpoint_every == 0
                         : seconds_since(last_checkpoint) >= kCheckpointSeconds;
    if (checkpoints && due) {
      last_checkpoint = Clock::now();
      save(so_far, StopReason::None);
    }
    const Record record = record_of(log.columns(), row);
    // Both callbacks see every generation, even when the first asks to stop.
    const bool epoch_stop = setup.on_epoch && setup.on_epoch(record);
    const bool generation_stop = setup.on_generation && setup.on_generation(record);
    return early_stop || epoch_stop || generation_stop ? RunAction::Stop : RunAction::Continue;
  });

  ThreadPool& pool = ThreadPool::global();
  population::ThreadPoolEvaluator evaluator(objective, pool);
  population::PopulationRun run(opt, *encoding, evaluator, config);
  run_ptr = &run;
  const population::PopulationResult* result_ptr = nullptr;
  if (setup.resume) {
    const ResumeState& s = *setup.resume;
    check_resume(s, ResumeState::Kind::Population, opt, log.columns(), samples, batch_size);
    log.set_rows(s.history);
    validation.restore(s.history);
    result_ptr = &run.resume(so_far_of(s), s.optimizer);
  } else {
    result_ptr = &run.run(initial);
  }
  const population::PopulationResult& r = *result_ptr;
  log.flush();

  // The validation asked for the stop, through the same callback path as on_epoch.
  StopReason stop =
      validation.early_stopped() && r.stop == StopReason::Callback ? StopReason::EarlyStop : r.stop;
  if (stop == StopReason::Generations && epochs_bound) stop = StopReason::Epochs;
  const std::int64_t epochs = r.generations / std::max<std::int64_t>(1, per_epoch);
  TrainResult result;
  result.params = validation.best_params() ? *validation.best_params() : r.best_params;
  result.info = info_of(r.best_loss, r.generations, epochs, r.seconds, stop);
  result.info.set("evaluations", Value(r.evaluations));
  if (validation.on()) result.info.set("validation_loss", Value(validation.of_result()));
  result.history_columns = log.columns();
  result.history = log.rows();
  if (checkpoints) save(r, stop);
  if (r.stop == StopReason::Interrupted) interrupted(setup, r.generations, r.generations);
  return result;
}

}  // namespace

void write_log(const std::string& path, const std::vector<std::string>& columns,
               const std::vector<std::vector<double>>& rows) {
  MetricsLog log(path, columns);
  log.set_rows(rows);
  log.flush();
}

TrainResult run_training(const TrainSetup& setup) {
  if (setup.inputs.empty() || setup.inputs[0].cols() == 0)
    throw Error("train: the data has no samples");
  if (!setup.budget.any())
    throw Error("train needs a budget: epochs, batches, evaluations, time_limit or target_loss");
  if (setup.gradient) {
    return setup.f64 ? train_gradient<double>(setup) : train_gradient<float>(setup);
  }
  if (setup.population) {
    return setup.f64 ? train_population<double>(setup) : train_population<float>(setup);
  }
  throw Error("train: no optimizer");
}

}  // namespace ael::train

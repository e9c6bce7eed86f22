#include "train/chain.hpp"

#include <cmath>
#include <limits>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"

namespace ael::train {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void use_stage(TrainSetup& setup, const Stage& stage, const TrainBudget& block) {
  setup.gradient = stage.gradient;
  setup.population = stage.population;
  setup.scheduled_options = stage.scheduled_options;
  setup.budget = stage.budget ? *stage.budget : block;
}

std::int64_t int_field(const Record& r, const char* name) {
  const Value* v = r.find(name);
  return v && v->is_int() ? v->as_int() : 0;
}

double number_field(const Record& r, const char* name) {
  const Value* v = r.find(name);
  return v && v->is_number() ? v->as_number() : kNaN;
}

// The stages' histories as one table (see chain.hpp).
class ChainHistory {
 public:
  ChainHistory() : columns_{"stage"} {}

  void add(std::size_t stage, const TrainResult& r, double seconds_before) {
    std::vector<std::size_t> at;  // the merged column of each of the stage's columns
    for (const std::string& c : r.history_columns) at.push_back(column(c));
    const auto best = find(r.history_columns, "best_loss");
    const std::size_t loss = column("loss");
    const std::size_t seconds = column("seconds");
    for (const std::vector<double>& row : r.history) {
      std::vector<double> merged(columns_.size(), kNaN);
      merged[0] = static_cast<double>(stage + 1);
      for (std::size_t i = 0; i < row.size(); ++i) merged[at[i]] = row[i];
      if (best) merged[loss] = row[*best];
      merged[seconds] += seconds_before;
      rows_.push_back(std::move(merged));
    }
  }

  /// Rows padded to the final column count.
  std::vector<std::vector<double>> rows() const {
    std::vector<std::vector<double>> out = rows_;
    for (auto& row : out) row.resize(columns_.size(), kNaN);
    return out;
  }
  const std::vector<std::string>& columns() const { return columns_; }

 private:
  static std::optional<std::size_t> find(const std::vector<std::string>& names,
                                         const std::string& name) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return i;
    return std::nullopt;
  }
  std::size_t column(const std::string& name) {
    if (auto i = find(columns_, name)) return *i;
    columns_.push_back(name);
    return columns_.size() - 1;
  }

  std::vector<std::string> columns_;
  std::vector<std::vector<double>> rows_;
};

Record stage_record(std::size_t stage, const Stage& s, const TrainResult& r, double seconds) {
  Record rec{{"stage", Value(static_cast<std::int64_t>(stage + 1))}, {"optimizer", Value(s.label)}};
  for (const char* key : {"loss", "validation_loss"}) {
    if (const Value* v = r.info.find(key)) rec.set(key, *v);
  }
  for (const char* key : {"steps", "epochs", "evaluations"})
    rec.set(key, Value(int_field(r.info, key)));
  rec.set("seconds", Value(seconds));
  if (const Value* v = r.info.find("stop")) rec.set("stop", *v);
  return rec;
}

}  // namespace

TrainResult run_chain(TrainSetup& setup, const std::vector<Stage>& stages,
                      const StageCallback& on_stage) {
  if (stages.empty()) throw Error("train: no optimizer");
  // A checkpoint records the stage that wrote it: resuming skips the stages before it.
  const std::size_t first = setup.resume ? static_cast<std::size_t>(setup.resume->stage) : 0;
  if (first >= stages.size()) {
    throw Error("resume: the checkpoint was written by stage " + std::to_string(first + 1) +
                " of a chain; this run has " + std::to_string(stages.size()) + " stage" +
                (stages.size() == 1 ? "" : "s"));
  }
  const TrainBudget block = setup.budget;
  if (stages.size() == 1) {
    use_stage(setup, stages[0], block);
    return run_training(setup);
  }
  // A callback's "stop" ends the chain, not only the stage running.
  bool stopped = false;
  std::size_t current = 0;
  // The wrappers capture this frame: the caller's callbacks are put back at the end.
  const auto on_epoch = setup.on_epoch, on_step = setup.on_step,
             on_generation = setup.on_generation;
  // Each callback's record names the stage running.
  const auto name_the_stage = [&](std::function<bool(const Record&)>& callback) {
    if (!callback) return;
    callback = [&stopped, &current, inner = callback](const Record& r) {
      Record with_stage = r;
      with_stage.set("stage", Value(static_cast<std::int64_t>(current + 1)));
      stopped = inner(with_stage) || stopped;
      return stopped;
    };
  };
  name_the_stage(setup.on_epoch);
  name_the_stage(setup.on_step);
  name_the_stage(setup.on_generation);
  const std::string log_path = setup.log_path;
  setup.log_path.clear();  // the chain writes the merged log itself
  const std::uint64_t seed = setup.seed;

  ChainHistory history;
  List stage_records;
  TrainResult last;
  std::int64_t steps = 0, epochs = 0, evaluations = 0;
  double seconds = 0;
  for (current = first; current < stages.size() && !stopped; ++current) {
    const Stage& stage = stages[current];
    use_stage(setup, stage, block);
    setup.stage = static_cast<std::int64_t>(current);
    if (current != first) setup.resume.reset();
    if (!setup.budget.any()) {
      throw Error("stage " + std::to_string(current + 1) + " (" + stage.label +
                  ") needs a budget: give it in the call, e.g. epochs: 5, or in the train block");
    }
    // Stage 1 keeps the block's seed, so a one-stage chain and a plain run agree.
    setup.seed = current == 0 ? seed : Rng::stream(seed, {0xc4a1, current}).next_u64();
    try {
      last = run_training(setup);
    } catch (Error& e) {
      throw Error("stage " + std::to_string(current + 1) + " (" + stage.label +
                  "): " + e.diagnostic().message);
    }
    history.add(current, last, seconds);
    if (!log_path.empty()) write_log(log_path, history.columns(), history.rows());
    const double stage_seconds = number_field(last.info, "seconds");
    steps += int_field(last.info, "steps");
    epochs += int_field(last.info, "epochs");
    evaluations += int_field(last.info, "evaluations");
    seconds += std::isfinite(stage_seconds) ? stage_seconds : 0.0;
    const Record rec = stage_record(current, stage, last, stage_seconds);
    stage_records.push_back(Value(rec));
    if (on_stage && on_stage(rec)) stopped = true;
    setup.initial_params = last.params;
  }
  setup.log_path = log_path;
  setup.seed = seed;
  setup.stage = 0;
  setup.on_epoch = on_epoch;
  setup.on_step = on_step;
  setup.on_generation = on_generation;

  TrainResult result;
  result.params = std::move(last.params);
  result.info = last.info;
  result.info.set("steps", Value(steps));
  result.info.set("epochs", Value(epochs));
  result.info.set("evaluations", Value(evaluations));
  result.info.set("seconds", Value(seconds));
  if (stopped) result.info.set("stop", Value(std::string(stop_reason_name(StopReason::Callback))));
  result.info.set("stages", Value(std::move(stage_records)));
  result.history_columns = history.columns();
  result.history = history.rows();
  return result;
}

}  // namespace ael::train

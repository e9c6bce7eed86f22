// The population engine: budgets, history, batches, events, encodings in the loop, and the
// thread-pool evaluator (chunked batched evaluation, thread-count independence).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <mutex>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "population/benchmark_functions.hpp"
#include "population/run.hpp"
#include "util/thread_pool.hpp"

namespace {

using namespace ael;
using namespace ael::population;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A minimal population optimizer: fresh random genomes every generation (generation 0:
// the initial ones); `zero_at` makes column 0 the zero genome at that generation. It
// remembers what it was told.
class ScriptedOptimizer final : public PopulationOptimizer {
 public:
  explicit ScriptedOptimizer(Eigen::Index population, std::int64_t zero_at = -1)
      : population_(population), zero_at_(zero_at) {}

  Eigen::Index population_size() const override { return population_; }
  void initialize(const Eigen::Ref<const Eigen::MatrixXd>& initial, std::uint64_t seed) override {
    current_ = initial;
    seed_ = seed;
    initial_ = initial;
  }
  void ask(Eigen::MatrixXd& candidates) override { candidates = current_; }
  void tell(const Eigen::Ref<const Eigen::VectorXd>& losses) override {
    told.push_back(losses);
    ++generation_;
    Rng rng = Rng::stream(seed_, {static_cast<std::uint64_t>(generation_)});
    for (Eigen::Index c = 0; c < current_.cols(); ++c) {
      for (Eigen::Index r = 0; r < current_.rows(); ++r) current_(r, c) = rng.uniform(-1, 1);
    }
    if (generation_ == zero_at_) current_.col(0).setZero();
  }
  std::int64_t generation() const override { return generation_; }
  Eigen::VectorXd best() const override { return {}; }
  double best_loss() const override { return kInf; }
  OptimizerState save_state() const override { return {}; }
  void load_state(const OptimizerState&) override {}

  std::vector<Eigen::VectorXd> told;
  Eigen::MatrixXd initial_;

 private:
  Eigen::Index population_;
  std::int64_t zero_at_;
  Eigen::MatrixXd current_;
  std::uint64_t seed_ = 0;
  std::int64_t generation_ = 0;
};

// Records every evaluate() call (chunk size, batch) shared by all clones; the loss depends
// on the batch and, for column sums that are NaN-poisoned, returns NaN.
struct CallLog {
  std::mutex mutex;
  std::vector<std::pair<Eigen::Index, std::uint64_t>> calls;  // (columns, batch)
};

class RecordingObjective final : public train::Objective {
 public:
  RecordingObjective(Eigen::Index n, std::shared_ptr<CallLog> log) : n_(n), log_(std::move(log)) {}
  Eigen::Index dimension() const override { return n_; }
  double value(const Eigen::Ref<const Eigen::VectorXd>& p, std::uint64_t batch) override {
    if (p.size() > 0 && std::isinf(p[0])) return std::numeric_limits<double>::quiet_NaN();
    double s = 0;
    for (Eigen::Index i = 0; i < p.size(); ++i)
      s += std::sin(p[i] * static_cast<double>(batch + 1)) + p[i] * p[i];
    return s;
  }
  void evaluate(const Eigen::Ref<const Eigen::MatrixXd>& population, std::uint64_t batch,
                Eigen::Ref<Eigen::VectorXd> losses) override {
    {
      std::lock_guard<std::mutex> lock(log_->mutex);
      log_->calls.emplace_back(population.cols(), batch);
    }
    Objective::evaluate(population, batch, losses);
  }
  std::unique_ptr<Objective> clone() const override {
    return std::make_unique<RecordingObjective>(n_, log_);
  }

 private:
  Eigen::Index n_;
  std::shared_ptr<CallLog> log_;
};

Eigen::MatrixXd initial_population(Eigen::Index n, Eigen::Index p, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd m(n, p);
  for (Eigen::Index c = 0; c < p; ++c) {
    for (Eigen::Index r = 0; r < n; ++r) m(r, c) = rng.uniform(-2, 2);
  }
  return m;
}

struct Fixture {
  explicit Fixture(Eigen::Index n = 3, Eigen::Index p = 4, unsigned threads = 1)
      : log(std::make_shared<CallLog>()),
        objective(n, log),
        pool(threads),
        evaluator(objective, pool, 2),
        encoding(n),
        optimizer(p) {}
  std::shared_ptr<CallLog> log;
  RecordingObjective objective;
  ThreadPool pool;
  ThreadPoolEvaluator evaluator;
  DirectEncoding encoding;
  ScriptedOptimizer optimizer;
};

TEST(PopulationRun, StopsAtTheGenerationBudgetAndRecordsHistory) {
  Fixture f;
  PopulationRunConfig config;
  config.budget.generations = 5;
  PopulationRun run(f.optimizer, f.encoding, f.evaluator, config);
  const PopulationResult& r = run.run(initial_population(3, 4, 1));
  EXPECT_EQ(r.stop, StopReason::Generations);
  EXPECT_EQ(r.generations, 5);
  EXPECT_EQ(r.evaluations, 20);
  ASSERT_EQ(r.history.size(), 5u);
  double best = kInf;
  for (std::size_t g = 0; g < r.history.size(); ++g) {
    const GenerationRecord& h = r.history[g];
    const Eigen::VectorXd& told = f.optimizer.told[g];
    double lo = kInf, hi = -kInf, sum = 0;
    for (Eigen::Index j = 0; j < told.size(); ++j) {
      lo = std::min(lo, told[j]);
      hi = std::max(hi, told[j]);
      sum += told[j];
    }
    best = std::min(best, lo);
    EXPECT_EQ(h.generation, static_cast<std::int64_t>(g));
    EXPECT_EQ(h.evaluations, 4 * static_cast<std::int64_t>(g + 1));
    EXPECT_EQ(h.min_loss, lo);
    EXPECT_EQ(h.max_loss, hi);
    EXPECT_DOUBLE_EQ(h.mean_loss, sum / 4);
    EXPECT_EQ(h.best_loss, best);
    if (g > 0) {
      EXPECT_GE(h.seconds, r.history[g - 1].seconds);
    }
  }
  EXPECT_EQ(r.best_loss, best);
  // The best parameters are exactly what was evaluated to give the best loss.
  RecordingObjective check(3, std::make_shared<CallLog>());
  const std::int64_t best_generation = [&] {
    for (std::size_t g = 0; g < r.history.size(); ++g) {
      if (r.history[g].min_loss == best) return static_cast<std::int64_t>(g);
    }
    return std::int64_t{-1};
  }();
  EXPECT_EQ(check.value(r.best_params, static_cast<std::uint64_t>(best_generation)), best);
  EXPECT_EQ(r.best_genome, r.best_params);
}

TEST(PopulationRun, EvaluationTimeAndTargetBudgets) {
  {
    Fixture f;
    PopulationRunConfig config;
    config.budget.evaluations = 10;
    PopulationRun run(f.optimizer, f.encoding, f.evaluator, config);
    EXPECT_EQ(run.run(initial_population(3, 4, 1)).stop, StopReason::Evaluations);
    EXPECT_EQ(run.progress().generations, 3);  // 12 >= 10: checked after whole generations
  }
  {
    Fixture f;
    PopulationRunConfig config;
    config.budget.seconds = 0.0;
    config.budget.generations = 100;
    PopulationRun run(f.optimizer, f.encoding, f.evaluator, config);
    EXPECT_EQ(run.run(initial_population(3, 4, 1)).stop, StopReason::Time);
    EXPECT_EQ(run.progress().generations, 1);
  }
  {
    const auto sphere = make_benchmark(BenchmarkFunction::Sphere, 3);
    ThreadPool pool(1);
    ThreadPoolEvaluator evaluator(*sphere, pool);
    DirectEncoding encoding(3);
    ScriptedOptimizer optimizer(4, /*zero_at=*/3);
    PopulationRunConfig config;
    config.budget.target_loss = 0.0;  // only the zero genome reaches it
    config.budget.generations = 50;
    PopulationRun run(optimizer, encoding, evaluator, config);
    const PopulationResult& r = run.run(initial_population(3, 4, 1));
    EXPECT_EQ(r.stop, StopReason::TargetLoss);
    EXPECT_EQ(r.generations, 4);  // generation 3 evaluated the zero genome
    EXPECT_EQ(r.best_loss, 0.0);
  }
}

TEST(PopulationRun, RejectsMissingBudgetAndWrongShapes) {
  Fixture f;
  PopulationRun no_budget(f.optimizer, f.encoding, f.evaluator, {});
  EXPECT_THROW(no_budget.run(initial_population(3, 4, 1)), Error);
  PopulationRunConfig config;
  config.budget.generations = 1;
  PopulationRun run(f.optimizer, f.encoding, f.evaluator, config);
  try {
    run.run(initial_population(3, 3, 1));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "the optimizer needs 4 initial networks, got 3");
  }
  DirectEncoding wrong(5);
  PopulationRun mismatch(f.optimizer, wrong, f.evaluator, config);
  EXPECT_THROW(mismatch.run(initial_population(5, 4, 1)), Error);
}

TEST(PopulationRun, EveryGenerationSeesAFreshBatchSharedByItsWholePopulation) {
  Fixture f(3, 5);
  ScriptedOptimizer optimizer(5);
  PopulationRunConfig config;
  config.budget.generations = 3;
  PopulationRun run(optimizer, f.encoding, f.evaluator, config);
  run.run(initial_population(3, 5, 1));
  // Chunks of 2 columns: 5 candidates -> calls of 2, 2, 1 columns per generation.
  std::map<std::uint64_t, Eigen::Index> columns_per_batch;
  for (const auto& [columns, batch] : f.log->calls) {
    EXPECT_LE(columns, 2);
    columns_per_batch[batch] += columns;
  }
  EXPECT_EQ(f.log->calls.size(), 9u);
  EXPECT_EQ(columns_per_batch, (std::map<std::uint64_t, Eigen::Index>{{0, 5}, {1, 5}, {2, 5}}));

  Fixture g(3, 5);
  ScriptedOptimizer optimizer2(5);
  config.batch_of_generation = [](std::int64_t generation) {
    return 100 + 2 * static_cast<std::uint64_t>(generation);
  };
  PopulationRun custom(optimizer2, g.encoding, g.evaluator, config);
  custom.run(initial_population(3, 5, 1));
  std::map<std::uint64_t, Eigen::Index> custom_batches;
  for (const auto& [columns, batch] : g.log->calls) custom_batches[batch] += columns;
  EXPECT_EQ(custom_batches, (std::map<std::uint64_t, Eigen::Index>{{100, 5}, {102, 5}, {104, 5}}));
}

TEST(PopulationRun, CallbacksSeeEveryEventAndCanStop) {
  Fixture f;
  std::vector<RunEvent> events;
  std::vector<std::int64_t> iterations;
  StopReason reported = StopReason::None;
  PopulationRunConfig config;
  config.budget.generations = 10;
  config.callbacks.push_back([&](const RunProgress& p) {
    events.push_back(p.event);
    iterations.push_back(p.iteration);
    if (p.event == RunEvent::End) reported = p.stop;
    if (p.event == RunEvent::GenerationEnd) {
      EXPECT_EQ(p.evaluations, 4 * p.iteration);
      EXPECT_LE(p.best_loss, p.loss);
      EXPECT_LE(p.loss, p.mean_loss);
      EXPECT_LE(p.mean_loss, p.max_loss);
    }
    return p.iteration == 3 ? RunAction::Stop : RunAction::Continue;
  });
  PopulationRun run(f.optimizer, f.encoding, f.evaluator, config);
  EXPECT_EQ(run.run(initial_population(3, 4, 1)).stop, StopReason::Callback);
  EXPECT_EQ(events, (std::vector<RunEvent>{RunEvent::Begin, RunEvent::GenerationEnd,
                                           RunEvent::GenerationEnd, RunEvent::GenerationEnd,
                                           RunEvent::End}));
  EXPECT_EQ(iterations, (std::vector<std::int64_t>{0, 1, 2, 3, 3}));
  EXPECT_EQ(reported, StopReason::Callback);
}

TEST(PopulationRun, NanLossesAreToldAsInfinity) {
  Fixture f;
  Eigen::MatrixXd initial = initial_population(3, 4, 1);
  initial(0, 2) = kInf;  // the objective returns NaN for this column
  PopulationRunConfig config;
  config.budget.generations = 1;
  PopulationRun run(f.optimizer, f.encoding, f.evaluator, config);
  run.run(initial);
  EXPECT_EQ(f.optimizer.told[0][2], kInf);
  EXPECT_TRUE(std::isfinite(run.progress().best_loss));
  EXPECT_EQ(run.progress().history[0].max_loss, kInf);
}

TEST(PopulationRun, DctGenomesAreDecodedBeforeEvaluation) {
  const auto sphere = make_benchmark(BenchmarkFunction::Sphere, 12);
  ThreadPool pool(1);
  ThreadPoolEvaluator evaluator(*sphere, pool);
  DctEncoding encoding(12, 4);
  ScriptedOptimizer optimizer(3);
  PopulationRunConfig config;
  config.budget.generations = 2;
  PopulationRun run(optimizer, encoding, evaluator, config);
  const Eigen::MatrixXd initial = initial_population(12, 3, 5);
  const PopulationResult& r = run.run(initial);
  // The optimizer saw 4-gene genomes: the encodings of the initial networks.
  EXPECT_EQ(optimizer.initial_.rows(), 4);
  EXPECT_EQ(optimizer.initial_, encoding.encode(initial));
  // Losses are the sphere of the decoded 12-parameter vectors.
  ASSERT_EQ(r.best_params.size(), 12);
  EXPECT_EQ(r.best_genome.size(), 4);
  EXPECT_EQ(benchmark_value(BenchmarkFunction::Sphere, r.best_params), r.best_loss);
  EXPECT_EQ(r.best_params, encoding.decode(Eigen::MatrixXd(r.best_genome)));
}

TEST(ThreadPoolEvaluator, ResultsDoNotDependOnTheThreadCount) {
  const Eigen::MatrixXd population = initial_population(7, 37, 9);
  Eigen::VectorXd one(37), four(37);
  {
    ThreadPool pool(1);
    RecordingObjective objective(7, std::make_shared<CallLog>());
    ThreadPoolEvaluator evaluator(objective, pool, 3);
    evaluator.evaluate(population, 17, one);
  }
  {
    ThreadPool pool(4);
    auto log = std::make_shared<CallLog>();
    RecordingObjective objective(7, log);
    ThreadPoolEvaluator evaluator(objective, pool, 3);
    evaluator.evaluate(population, 17, four);
    EXPECT_EQ(log->calls.size(), 13u);  // ceil(37 / 3) chunks, whatever the thread count
  }
  EXPECT_EQ(one, four);  // bit-identical
  RecordingObjective reference(7, std::make_shared<CallLog>());
  for (Eigen::Index j = 0; j < 37; ++j) EXPECT_EQ(one[j], reference.value(population.col(j), 17));
}

TEST(ThreadPoolEvaluator, RejectsWrongShapes) {
  ThreadPool pool(1);
  RecordingObjective objective(7, std::make_shared<CallLog>());
  ThreadPoolEvaluator evaluator(objective, pool);
  Eigen::VectorXd losses(3);
  EXPECT_THROW(evaluator.evaluate(Eigen::MatrixXd::Zero(6, 3), 0, losses), Error);
  EXPECT_THROW(evaluator.evaluate(Eigen::MatrixXd::Zero(7, 4), 0, losses), Error);
}

}  // namespace

// Shared helpers of the optimizer tests: every optimizer is created through the real
// plugin path (libael_<name>.so from build/plugins; sgd as the registered built-in).
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "ael/optimizer.hpp"
#include "ael/random.hpp"
#include "plugins/registry.hpp"
#include "population/benchmark_functions.hpp"
#include "population/run.hpp"
#include "train/sgd.hpp"
#include "util/thread_pool.hpp"

namespace ael::test {

using Args = std::vector<OptionArg>;

/// The registry every optimizer test uses: build/plugins only, plus the built-in sgd.
inline plugins::PluginRegistry& registry() {
  static plugins::PluginRegistry* r = [] {
    plugins::RegistryConfig c;
    c.extra_dirs = {AEL_TEST_PLUGIN_DIR};
    c.use_environment = c.use_build_dir = c.use_install_dir = false;
    auto* reg = new plugins::PluginRegistry(c);
    train::register_sgd(*reg);
    return reg;
  }();
  return *r;
}

inline std::shared_ptr<GradientOptimizer> gradient(const std::string& name, const Args& args) {
  return registry().load(name)->create<GradientOptimizer>(args);
}

inline std::shared_ptr<PopulationOptimizer> population_optimizer(const std::string& name,
                                                                 const Args& args) {
  return registry().load(name)->create<PopulationOptimizer>(args);
}

/// Uniform random columns in [lo, hi]^n.
inline Eigen::MatrixXd uniform_population(Eigen::Index n, Eigen::Index count, double lo, double hi,
                                          std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd m(n, count);
  for (Eigen::Index c = 0; c < count; ++c) {
    for (Eigen::Index r = 0; r < n; ++r) m(r, c) = rng.uniform(lo, hi);
  }
  return m;
}

/// Runs a population optimizer on a benchmark function (direct encoding) until the
/// evaluation budget or the target is reached.
inline population::PopulationResult run_population(PopulationOptimizer& optimizer,
                                                   population::BenchmarkFunction function,
                                                   Eigen::Index dimension, double lo, double hi,
                                                   std::int64_t evaluations, double target,
                                                   std::uint64_t seed, unsigned threads = 1) {
  const auto objective = population::make_benchmark(function, dimension);
  ThreadPool pool(threads);
  population::ThreadPoolEvaluator evaluator(*objective, pool);
  population::DirectEncoding encoding(dimension);
  population::PopulationRunConfig config;
  config.seed = seed;
  config.budget.evaluations = evaluations;
  config.budget.target_loss = target;
  population::PopulationRun run(optimizer, encoding, evaluator, config);
  return run.run(uniform_population(dimension, optimizer.population_size(), lo, hi, seed + 1));
}

/// The largest absolute entry (a plain loop: g++ 12 warns spuriously inside Eigen's AVX-512
/// reductions).
inline double max_abs(const Eigen::Ref<const Eigen::MatrixXd>& m) {
  double worst = 0;
  for (Eigen::Index c = 0; c < m.cols(); ++c) {
    for (Eigen::Index r = 0; r < m.rows(); ++r) worst = std::max(worst, std::abs(m(r, c)));
  }
  return worst;
}

inline bool all_finite(const Eigen::Ref<const Eigen::MatrixXd>& m) {
  for (Eigen::Index c = 0; c < m.cols(); ++c) {
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
      if (!std::isfinite(m(r, c))) return false;
    }
  }
  return true;
}

}  // namespace ael::test

// A population plugin that throws in the middle of a run: the error names the plugin, the
// run's progress up to the failure survives, and a checkpoint taken before it resumes.
#include <gtest/gtest.h>

#include "ael/diagnostic.hpp"
#include "plugins/registry.hpp"
#include "population/benchmark_functions.hpp"
#include "population/run.hpp"
#include "util/thread_pool.hpp"

namespace {

using namespace ael;

plugins::RegistryConfig broken_only() {
  plugins::RegistryConfig c;
  c.extra_dirs = {AEL_TEST_BROKEN_PLUGIN_DIR};
  c.use_environment = c.use_build_dir = c.use_install_dir = false;
  return c;
}

TEST(MidRun, PluginErrorPropagatesWithItsNameAndProgressSurvives) {
  plugins::PluginRegistry registry(broken_only());
  const auto crashy = registry.load("crashy");
  const auto optimizer = crashy->create<PopulationOptimizer>(
      std::vector<OptionArg>{{"fail_at", std::int64_t{3}}, {"population", std::int64_t{4}}});
  const auto sphere = population::make_benchmark(population::BenchmarkFunction::Sphere, 3);
  ThreadPool pool(1);
  population::ThreadPoolEvaluator evaluator(*sphere, pool);
  population::DirectEncoding encoding(3);

  OptimizerState checkpoint;
  population::PopulationRunConfig config;
  config.seed = 11;
  config.budget.generations = 10;
  config.callbacks.push_back([&](const RunProgress& p) {
    if (p.event == RunEvent::GenerationEnd) checkpoint = optimizer->save_state();
    return RunAction::Continue;
  });
  population::PopulationRun run(*optimizer, encoding, evaluator, config);
  Eigen::MatrixXd initial = Eigen::MatrixXd::Constant(3, 4, 1.0);
  try {
    run.run(initial);
    FAIL() << "the plugin should have failed";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "plugin 'crashy' failed in tell(): crashy gave up at generation 3");
  }
  ASSERT_EQ(run.progress().history.size(), 3u);  // generations 0, 1, 2 completed
  EXPECT_EQ(run.progress().evaluations, 12);
  EXPECT_EQ(checkpoint.integer("generation"), 3);

  // Resuming from the last checkpoint with a healthy instance reproduces what an
  // uninterrupted healthy run does from generation 3 on.
  const auto healthy = crashy->create<PopulationOptimizer>(std::vector<OptionArg>{});
  healthy->load_state(checkpoint);
  const auto reference = crashy->create<PopulationOptimizer>(std::vector<OptionArg>{});
  reference->initialize(initial, 11);
  Eigen::MatrixXd a, b;
  for (int g = 0; g < 6; ++g) {
    reference->ask(b);
    Eigen::VectorXd losses(b.cols());
    for (Eigen::Index j = 0; j < b.cols(); ++j)
      losses[j] = population::benchmark_value(population::BenchmarkFunction::Sphere, b.col(j));
    if (g >= 3) {
      healthy->ask(a);
      ASSERT_EQ(a, b) << "generation " << g;
      healthy->tell(losses);
    }
    reference->tell(losses);
  }
  EXPECT_EQ(healthy->best(), reference->best());
}

}  // namespace

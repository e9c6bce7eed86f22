// Population optimizers (cosyne, de, ea plugins) in the population engine: they reach
// targets on the benchmark functions, seeded runs are bit-identical and independent of the
// thread count, saved state resumes bit-identically, and every variant improves.
#include <gtest/gtest.h>

#include "ael/diagnostic.hpp"
#include "optimizer_fixture.hpp"

namespace {

using namespace ael;
using namespace ael::test;
using population::BenchmarkFunction;

struct Target {
  std::string optimizer;
  Args args;
  BenchmarkFunction function;
  Eigen::Index dimension;
  double lo, hi;  // initial population range
  std::int64_t evaluations;
  double target;
};

std::string target_name(const testing::TestParamInfo<Target>& info) {
  const char* f = info.param.function == BenchmarkFunction::Sphere       ? "Sphere"
                  : info.param.function == BenchmarkFunction::Rosenbrock ? "Rosenbrock"
                                                                         : "Rastrigin";
  return info.param.optimizer + "_" + f;
}

class PopulationTargets : public testing::TestWithParam<Target> {};

TEST_P(PopulationTargets, ReachesTheTarget) {
  const Target& t = GetParam();
  const auto optimizer = population_optimizer(t.optimizer, t.args);
  const auto r = run_population(*optimizer, t.function, t.dimension, t.lo, t.hi, t.evaluations,
                                t.target, 2024);
  EXPECT_EQ(r.stop, StopReason::TargetLoss) << "best " << r.best_loss << " after " << r.evaluations;
  EXPECT_LE(r.best_loss, t.target);
  EXPECT_GT(r.history.front().min_loss, 100 * t.target);  // generation 0 was far from it
  EXPECT_EQ(optimizer->best_loss(), r.best_loss);         // the plugin agrees with the engine
  EXPECT_EQ(population::benchmark_value(t.function, r.best_params), r.best_loss);
}

TEST_P(PopulationTargets, SeededRunsAreBitIdenticalAndIndependentOfThreads) {
  const Target& t = GetParam();
  const std::int64_t budget = 60 * population_optimizer(t.optimizer, t.args)->population_size();
  auto once = [&](unsigned threads) {
    const auto optimizer = population_optimizer(t.optimizer, t.args);
    return run_population(*optimizer, t.function, t.dimension, t.lo, t.hi, budget, -1.0, 77,
                          threads);
  };
  const auto a = once(1), b = once(1), c = once(4);
  ASSERT_EQ(a.history.size(), b.history.size());
  ASSERT_EQ(a.history.size(), c.history.size());
  for (std::size_t g = 0; g < a.history.size(); ++g) {
    EXPECT_EQ(a.history[g].min_loss, b.history[g].min_loss);
    EXPECT_EQ(a.history[g].mean_loss, b.history[g].mean_loss);
    EXPECT_EQ(a.history[g].min_loss, c.history[g].min_loss);
    EXPECT_EQ(a.history[g].mean_loss, c.history[g].mean_loss);
    EXPECT_EQ(a.history[g].max_loss, c.history[g].max_loss);
  }
  EXPECT_EQ(a.best_params, b.best_params);
  EXPECT_EQ(a.best_params, c.best_params);
  // A different seed gives a different run.
  const auto optimizer = population_optimizer(t.optimizer, t.args);
  const auto d = run_population(*optimizer, t.function, t.dimension, t.lo, t.hi, budget, -1.0, 78);
  EXPECT_NE(a.best_params, d.best_params);
}

TEST_P(PopulationTargets, SavedStateResumesBitIdentically) {
  const Target& t = GetParam();
  const auto objective = population::make_benchmark(t.function, t.dimension);
  const auto first = population_optimizer(t.optimizer, t.args);
  first->initialize(uniform_population(t.dimension, first->population_size(), t.lo, t.hi, 5), 99);
  Eigen::MatrixXd candidates;
  auto generation = [&](PopulationOptimizer& opt) {
    opt.ask(candidates);
    Eigen::VectorXd losses(candidates.cols());
    objective->evaluate(candidates, 0, losses);
    opt.tell(losses);
    return candidates;
  };
  for (int g = 0; g < 10; ++g) generation(*first);
  const OptimizerState saved = first->save_state();
  const auto second = population_optimizer(t.optimizer, t.args);
  second->load_state(saved);
  EXPECT_EQ(second->generation(), 10);
  for (int g = 0; g < 10; ++g)
    EXPECT_EQ(generation(*first), generation(*second)) << "generation " << g;
  EXPECT_EQ(first->best(), second->best());
  EXPECT_EQ(first->best_loss(), second->best_loss());
}

// Budgets and targets chosen from runs over several seeds so that each is met with a
// margin, each run taking well under a second.
INSTANTIATE_TEST_SUITE_P(
    All, PopulationTargets,
    testing::Values(Target{"cosyne",
                           {{"gamma", 0.1}, {"permutation", std::string("marked")}},
                           BenchmarkFunction::Sphere,
                           10,
                           -5,
                           5,
                           40000,
                           1e-3},
                    Target{"cosyne",
                           {{"gamma", 0.1}, {"permutation", std::string("marked")}},
                           BenchmarkFunction::Rosenbrock,
                           2,
                           -2.048,
                           2.048,
                           40000,
                           1e-2},
                    Target{"cosyne", {}, BenchmarkFunction::Rastrigin, 5, -5.12, 5.12, 40000, 1e-2},
                    Target{"de",
                           {{"population", std::int64_t{30}}, {"F", 0.6}},
                           BenchmarkFunction::Sphere,
                           10,
                           -5,
                           5,
                           30000,
                           1e-12},
                    Target{"de",
                           {{"population", std::int64_t{30}}, {"F", 0.7}},
                           BenchmarkFunction::Rosenbrock,
                           4,
                           -2.048,
                           2.048,
                           60000,
                           1e-8},
                    Target{"de",
                           {{"population", std::int64_t{30}}, {"CR", 0.2}},
                           BenchmarkFunction::Rastrigin,
                           5,
                           -5.12,
                           5.12,
                           40000,
                           1e-8},
                    Target{"ea",
                           {{"sigma", 0.05}, {"mutate", std::string("gene")}, {"mutation", 0.3}},
                           BenchmarkFunction::Sphere,
                           10,
                           -5,
                           5,
                           30000,
                           1e-3},
                    Target{"ea",
                           {{"sigma", 0.05}, {"mutate", std::string("gene")}},
                           BenchmarkFunction::Rosenbrock,
                           2,
                           -2.048,
                           2.048,
                           40000,
                           1e-4},
                    Target{"ea",
                           {{"sigma", 0.3},
                            {"mutate", std::string("gene")},
                            {"selection", std::string("rank")},
                            {"lambda", std::int64_t{30}},
                            {"mu", std::int64_t{10}}},
                           BenchmarkFunction::Rastrigin,
                           5,
                           -5.12,
                           5.12,
                           60000,
                           0.5}),
    target_name);

// ---- every variant of every optimizer improves on the sphere --------------------------------

struct Variant {
  std::string optimizer;
  Args args;
  std::string label;
};

class PopulationVariants : public testing::TestWithParam<Variant> {};

TEST_P(PopulationVariants, ImprovesOnTheSphere) {
  const Variant& v = GetParam();
  const auto optimizer = population_optimizer(v.optimizer, v.args);
  const auto r = run_population(*optimizer, BenchmarkFunction::Sphere, 6, -5, 5,
                                150 * optimizer->population_size(), -1.0, 31);
  EXPECT_LT(r.best_loss, 0.01 * r.history.front().min_loss)
      << "from " << r.history.front().min_loss << " to " << r.best_loss;
}

std::vector<Variant> variants() {
  std::vector<Variant> out;
  for (const char* permutation : {"shuffle", "marked"}) {
    for (const char* crossover : {"uniform", "one_point"}) {
      out.push_back({"cosyne",
                     {{"permutation", std::string(permutation)},
                      {"crossover", std::string(crossover)},
                      {"gamma", 0.1}},
                     std::string("cosyne_") + permutation + "_" + crossover});
    }
  }
  for (const char* strategy :
       {"rand1", "rand2", "best1", "best2", "current_to_best1", "rand_to_best2"}) {
    for (const char* crossover : {"binomial", "exponential"}) {
      out.push_back({"de",
                     {{"strategy", std::string(strategy)}, {"crossover", std::string(crossover)}},
                     std::string("de_") + strategy + "_" + crossover});
    }
  }
  out.push_back({"de", {{"reevaluate", true}}, "de_reevaluate"});
  for (const char* strategy : {"comma", "plus"}) {
    for (const char* selection : {"truncated", "fitness", "rank"}) {
      for (const char* crossover : {"none", "single_swap", "uniform_swap", "arithmetic"}) {
        out.push_back({"ea",
                       {{"strategy", std::string(strategy)},
                        {"selection", std::string(selection)},
                        {"crossover", std::string(crossover)},
                        {"rho", std::int64_t{3}},
                        {"sigma", 0.2}},
                       std::string("ea_") + strategy + "_" + selection + "_" + crossover});
      }
    }
  }
  out.push_back(
      {"ea", {{"strategy", std::string("plus")}, {"reevaluate", true}}, "ea_plus_reevaluate"});
  out.push_back(
      {"ea", {{"mutate", std::string("gene")}, {"elitism", std::int64_t{0}}}, "ea_gene_noelite"});
  return out;
}

INSTANTIATE_TEST_SUITE_P(All, PopulationVariants, testing::ValuesIn(variants()),
                         [](const testing::TestParamInfo<Variant>& info) {
                           return info.param.label;
                         });

// ---- option checks done by the plugins' factories ----------------------------------------

std::string creation_error(const std::string& name, const Args& args) {
  try {
    population_optimizer(name, args);
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(PopulationOptions, FactoriesRejectInconsistentOptions) {
  EXPECT_EQ(
      creation_error("cosyne", {{"population", std::int64_t{6}}, {"offspring", std::int64_t{6}}}),
      "plugin 'cosyne' could not be created: cosyne: offspring (6) must be smaller than population "
      "(6)");
  EXPECT_EQ(
      creation_error("de", {{"population", std::int64_t{5}}, {"strategy", std::string("rand2")}}),
      "plugin 'de' could not be created: de: strategy rand2 needs population >= 6, got 5");
  EXPECT_EQ(creation_error("ea", {{"mu", std::int64_t{30}}}),
            "plugin 'ea' could not be created: ea: mu (30) must not exceed lambda (20)");
  EXPECT_EQ(creation_error("ea", {{"elitism", std::int64_t{20}}}),
            "plugin 'ea' could not be created: ea: elitism (20) must be smaller than lambda (20)");
}

TEST(PopulationOptions, InitializeChecksThePopulationSize) {
  const auto de = population_optimizer("de", {});
  EXPECT_THROW(de->initialize(Eigen::MatrixXd::Zero(3, 5), 1), Error);
  Eigen::MatrixXd c;
  EXPECT_THROW(de->ask(c), Error);  // not initialized
}

}  // namespace

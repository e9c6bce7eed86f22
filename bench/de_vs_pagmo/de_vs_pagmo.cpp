// AEL's `de` plugin against pagmo2's pagmo::de on the same objectives, settings, initial
// populations and evaluation budgets (issue 4, "Speed"). Prints one table row per
// (objective, strategy, threads, precision) with evaluations per second and best loss for
// both, and their ratios.
//
//   AEL:   PopulationRun + ThreadPoolEvaluator over a train::Objective; the AE objective is
//          the compiled graph evaluating a chunk of candidates per forward pass
//          (ae_graph_objective.hpp); Rastrigin is population::make_benchmark.
//   pagmo: pagmo::de (variant 6 = best/1/bin, 7 = rand/1/bin) on a user-defined problem
//          (pagmo_problems.hpp), ftol = xtol = 0 so it runs every generation.
//   Threads: pagmo's DE is serial. At 1 thread the peer is the serial DE; at T > 1 threads
//          the peer is an archipelago of T thread_islands, each running the serial DE on
//          its own population of the same size for G/T generations (about the same total
//          evaluations), best loss = the best island's. AEL runs the same single DE with T
//          threads (its result does not depend on T).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <limits>
#include <memory>
#include <pagmo/algorithm.hpp>
#include <pagmo/algorithms/de.hpp>
#include <pagmo/archipelago.hpp>
#include <pagmo/islands/thread_island.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ae_graph_objective.hpp"
#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "autoencoder.hpp"
#include "micro.hpp"
#include "pagmo_problems.hpp"
#include "plugins/registry.hpp"
#include "population/benchmark_functions.hpp"
#include "population/run.hpp"
#include "util/thread_pool.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Settings {
  std::int64_t population = 20;
  double f = 0.5;
  double cr = 0.9;
  std::int64_t generations = 1000;  ///< trial generations after the initial evaluation
  std::uint64_t seed = 1;
  std::int64_t chunk = 10;  ///< candidates per evaluator task (and per graph run)
  int seeds = 1;            ///< runs with seeds seed, seed+1, ...
  int repeats = 3;          ///< timed repeats; the fastest is reported
};

struct Strategy {
  std::string name;        ///< as printed
  std::string ael;         ///< the de plugin's strategy option
  unsigned pagmo_variant;  ///< pagmo::de's variant number
};

const std::vector<Strategy>& strategies() {
  static const std::vector<Strategy> all = {{"best1bin", "best1", 6}, {"rand1bin", "rand1", 7}};
  return all;
}

struct Outcome {
  std::int64_t evaluations = 0;
  double seconds = std::numeric_limits<double>::infinity();      ///< wall
  double cpu_seconds = std::numeric_limits<double>::infinity();  ///< process CPU, all threads
  double best = std::numeric_limits<double>::infinity();         ///< one run; the mean over seeds
  int runs = 0;
  double rate() const { return static_cast<double>(evaluations) / seconds; }
  double cpu_rate() const { return static_cast<double>(evaluations) / cpu_seconds; }
};

// Wall and CPU time together: the machine may be shared, so CPU time (which a busy
// neighbour does not inflate) is reported next to wall time.
struct Stopwatch {
  Clock::time_point wall = Clock::now();
  std::clock_t cpu = std::clock();
  void stop(Outcome& out) const {
    out.seconds = std::chrono::duration<double>(Clock::now() - wall).count();
    out.cpu_seconds = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
  }
};

// Keeps the fastest timing; the loss must not change between repeats (both sides are seeded).
void keep_fastest(Outcome& kept, const Outcome& run, const char* who) {
  if (kept.evaluations != 0 && (run.best != kept.best || run.evaluations != kept.evaluations)) {
    std::fprintf(stderr, "warning: %s gave a different result on a repeat (%.17g vs %.17g)\n", who,
                 run.best, kept.best);
  }
  const double seconds = std::min(kept.seconds, run.seconds);
  const double cpu_seconds = std::min(kept.cpu_seconds, run.cpu_seconds);
  kept = run;
  kept.seconds = seconds;
  kept.cpu_seconds = cpu_seconds;
}

// Sums the budget and the (fastest) times of one seed's run into a total; `best` becomes
// the mean best loss over the seeds added so far.
void add_seed(Outcome& total, const Outcome& run) {
  if (total.runs == 0) {
    total = run;
    total.runs = 1;
    return;
  }
  total.evaluations += run.evaluations;
  total.seconds += run.seconds;
  total.cpu_seconds += run.cpu_seconds;
  total.best = (total.best * total.runs + run.best) / (total.runs + 1);
  ++total.runs;
}

// ------------------------------------------------------------------------------- AEL

Outcome run_ael_once(ael::plugins::PluginRegistry& registry, const ael::train::Objective& objective,
                     const Eigen::MatrixXd& initial, const Settings& s, const Strategy& strategy,
                     unsigned threads) {
  const auto de = registry.load("de")->create<ael::PopulationOptimizer>(
      std::vector<ael::OptionArg>{{"population", s.population},
                                  {"F", s.f},
                                  {"CR", s.cr},
                                  {"strategy", strategy.ael},
                                  {"crossover", std::string("binomial")}});
  ael::ThreadPool pool(threads);
  ael::population::ThreadPoolEvaluator evaluator(objective, pool, s.chunk);
  ael::population::DirectEncoding encoding(objective.dimension());
  ael::population::PopulationRunConfig config;
  config.seed = s.seed;
  config.budget.evaluations = s.population * (s.generations + 1);
  config.batch_of_generation = [](std::int64_t) { return std::uint64_t{0}; };  // one fixed batch
  ael::population::PopulationRun run(*de, encoding, evaluator, config);
  const Stopwatch watch;
  const ael::population::PopulationResult& r = run.run(initial);
  Outcome out;
  watch.stop(out);
  out.evaluations = r.evaluations;
  out.best = r.best_loss;
  return out;
}

Outcome run_ael(ael::plugins::PluginRegistry& registry, const ael::train::Objective& objective,
                const Eigen::MatrixXd& initial, const Settings& s, const Strategy& strategy,
                unsigned threads) {
  Outcome kept;
  for (int r = 0; r < s.repeats; ++r) {
    keep_fastest(kept, run_ael_once(registry, objective, initial, s, strategy, threads), "AEL");
  }
  return kept;
}

// ----------------------------------------------------------------------------- pagmo

pagmo::population pagmo_population(const pagmo::problem& problem, const Eigen::MatrixXd& initial,
                                   std::uint64_t seed) {
  pagmo::population pop(problem, 0u, static_cast<unsigned>(seed));
  for (Eigen::Index i = 0; i < initial.cols(); ++i) {
    pop.push_back(
        pagmo::vector_double(initial.col(i).data(), initial.col(i).data() + initial.rows()));
  }
  return pop;
}

pagmo::algorithm pagmo_de(std::int64_t generations, const Settings& s, const Strategy& strategy,
                          std::uint64_t seed) {
  // ftol = xtol = 0: never stop early, so both sides spend the same budget.
  return pagmo::algorithm(pagmo::de(static_cast<unsigned>(generations), s.f, s.cr,
                                    strategy.pagmo_variant, 0.0, 0.0, static_cast<unsigned>(seed)));
}

// The serial DE, timed from the evaluation of the initial population (AEL's generation 0)
// to the end of evolve().
Outcome run_pagmo_serial_once(const pagmo::problem& problem, const Eigen::MatrixXd& initial,
                              const Settings& s, const Strategy& strategy) {
  const pagmo::algorithm algo = pagmo_de(s.generations, s, strategy, s.seed);
  const Stopwatch watch;
  pagmo::population pop = pagmo_population(problem, initial, s.seed);
  pop = algo.evolve(pop);
  Outcome out;
  watch.stop(out);
  // The problem was copied with its counter: count only this run's evaluations.
  out.evaluations =
      static_cast<std::int64_t>(pop.get_problem().get_fevals() - problem.get_fevals());
  out.best = pop.champion_f()[0];
  return out;
}

// T thread_islands, each a serial DE on its own initial population for G/T generations.
Outcome run_pagmo_islands_once(const pagmo::problem& problem,
                               const std::vector<Eigen::MatrixXd>& initials, const Settings& s,
                               const Strategy& strategy) {
  const auto islands = static_cast<std::int64_t>(initials.size());
  const std::int64_t generations = std::max<std::int64_t>(1, s.generations / islands);
  const Stopwatch watch;
  pagmo::archipelago archi;
  for (std::size_t k = 0; k < initials.size(); ++k) {
    archi.push_back(pagmo::thread_island{}, pagmo_de(generations, s, strategy, s.seed + k),
                    pagmo_population(problem, initials[k], s.seed + k));
  }
  archi.evolve(1);
  archi.wait_check();
  Outcome out;
  watch.stop(out);
  out.evaluations = 0;
  for (const auto& island : archi) {
    const pagmo::population pop = island.get_population();
    out.evaluations +=
        static_cast<std::int64_t>(pop.get_problem().get_fevals() - problem.get_fevals());
    out.best = std::min(out.best, pop.champion_f()[0]);
  }
  return out;
}

Outcome run_pagmo(const pagmo::problem& problem, const std::vector<Eigen::MatrixXd>& initials,
                  const Settings& s, const Strategy& strategy) {
  Outcome kept;
  for (int r = 0; r < s.repeats; ++r) {
    keep_fastest(kept,
                 initials.size() == 1 ? run_pagmo_serial_once(problem, initials[0], s, strategy)
                                      : run_pagmo_islands_once(problem, initials, s, strategy),
                 "pagmo");
  }
  return kept;
}

// -------------------------------------------------------------------------- objectives

struct Case {
  std::string name;
  std::string precision;  ///< of AEL's evaluation
  std::unique_ptr<ael::train::Objective> ael;
  pagmo::problem pagmo;
  /// Initial population for `seed` and island k (k = 0: the one both sides start from;
  /// k > 0: pagmo's extra islands).
  std::function<Eigen::MatrixXd(std::uint64_t seed, std::uint64_t k)> initial;
};

Eigen::MatrixXd uniform_population(Eigen::Index n, Eigen::Index count, double lo, double hi,
                                   std::uint64_t seed) {
  ael::Rng rng = ael::Rng::stream(seed, {0xDE5EEDULL});
  Eigen::MatrixXd m(n, count);
  for (Eigen::Index c = 0; c < count; ++c) {
    for (Eigen::Index r = 0; r < n; ++r) m(r, c) = rng.uniform(lo, hi);
  }
  return m;
}

Case ae_case(const Settings& s, const std::string& precision, std::uint64_t data_seed,
             double bound) {
  const Eigen::MatrixXd batch = bench::ae_batch(data_seed);
  Case c;
  c.name = "AE-8-4-2-4-8";
  c.precision = precision;
  if (precision == "float32") {
    c.ael = std::make_unique<bench::AeGraphObjective<float>>(batch, s.chunk);
  } else {
    c.ael = std::make_unique<bench::AeGraphObjective<double>>(batch, s.chunk);
  }
  c.pagmo = pagmo::problem(bench::AeProblem(batch, bound));
  const std::int64_t np = s.population;
  c.initial = [np](std::uint64_t seed, std::uint64_t k) {
    return bench::ae_initial_population(np, seed * 1000003 + k * static_cast<std::uint64_t>(np));
  };
  return c;
}

Case rastrigin_case(const Settings& s, int dimension) {
  Case c;
  c.name = "Rastrigin-" + std::to_string(dimension);
  c.precision = "float64";
  c.ael = ael::population::make_benchmark(ael::population::BenchmarkFunction::Rastrigin, dimension);
  c.pagmo = pagmo::problem(bench::RastriginProblem(dimension));
  const std::int64_t np = s.population;
  c.initial = [np, dimension](std::uint64_t seed, std::uint64_t k) {
    return uniform_population(dimension, np, -5.12, 5.12, seed * 1000003 + k);
  };
  return c;
}

// AEL's side of NullProblem.
class NullObjective final : public ael::train::Objective {
 public:
  explicit NullObjective(Eigen::Index dimension) : dimension_(dimension) {}
  Eigen::Index dimension() const override { return dimension_; }
  double value(const Eigen::Ref<const Eigen::VectorXd>& x, std::uint64_t) override {
    return x[0] * x[0];
  }
  std::unique_ptr<ael::train::Objective> clone() const override {
    return std::make_unique<NullObjective>(dimension_);
  }

 private:
  Eigen::Index dimension_;
};

Case null_case(const Settings& s, int dimension) {
  Case c;
  c.name = "null-" + std::to_string(dimension);
  c.precision = "float64";
  c.ael = std::make_unique<NullObjective>(dimension);
  c.pagmo = pagmo::problem(bench::NullProblem(dimension));
  const std::int64_t np = s.population;
  c.initial = [np, dimension](std::uint64_t seed, std::uint64_t k) {
    return uniform_population(dimension, np, -1, 1, seed * 1000003 + k);
  };
  return c;
}

// Both sides must compute the same objective: compare them on the initial population.
double objective_mismatch(Case& c, const Eigen::MatrixXd& initial) {
  Eigen::VectorXd ael_losses(initial.cols());
  c.ael->evaluate(initial, 0, ael_losses);
  double worst = 0;
  for (Eigen::Index i = 0; i < initial.cols(); ++i) {
    const pagmo::vector_double x(initial.col(i).data(), initial.col(i).data() + initial.rows());
    const double p = c.pagmo.fitness(x)[0];
    worst = std::max(worst, std::abs(ael_losses[i] - p) / std::max(1e-300, std::abs(p)));
  }
  return worst;
}

// ------------------------------------------------------------------------------- table

void print_header(const Settings& s) {
  std::printf(
      "DE: NP=%lld F=%g CR=%g, seeds %llu..%llu, chunk %lld, fastest of %d repeats per "
      "seed.\nevals and times are summed over the seeds; best = mean best loss over the "
      "seeds; AEL<= = seeds where AEL's best <= pagmo's.\nevals/s = evaluations per wall "
      "second; /cpu-s = per CPU second of the process (all threads).\n",
      static_cast<long long>(s.population), s.f, s.cr, static_cast<unsigned long long>(s.seed),
      static_cast<unsigned long long>(s.seed + static_cast<std::uint64_t>(s.seeds) - 1),
      static_cast<long long>(s.chunk), s.repeats);
  std::printf("%-13s %-8s %-3s %-7s | %7s %9s %9s %11s | %-7s %7s %9s %9s %11s | %7s %7s %7s %s\n",
              "objective", "strategy", "thr", "AEL", "evals", "evals/s", "/cpu-s", "best", "peer",
              "evals", "evals/s", "/cpu-s", "best", "x wall", "x cpu", "loss A/P", "AEL<=");
}

void print_row(const Case& c, const Strategy& st, unsigned threads, const Outcome& a,
               const Outcome& p, int wins) {
  const char* peer = threads == 1 ? "serial" : "islands";
  // Both at (or within denormals of) 0 on the null objective: a ratio would mean nothing.
  const bool both_zero = std::max(a.best, p.best) < 1e-100;
  const double loss_ratio = both_zero ? 1.0 : a.best / p.best;
  std::printf(
      "%-13s %-8s %-3u %-7s | %7lld %9.3g %9.3g %11.5g | %-7s %7lld %9.3g %9.3g %11.5g | "
      "%6.2fx %6.2fx %7.3g %d/%d\n",
      c.name.c_str(), st.name.c_str(), threads, c.precision.c_str(),
      static_cast<long long>(a.evaluations), a.rate(), a.cpu_rate(), a.best, peer,
      static_cast<long long>(p.evaluations), p.rate(), p.cpu_rate(), p.best, a.rate() / p.rate(),
      a.cpu_rate() / p.cpu_rate(), loss_ratio, wins, a.runs);
  std::fflush(stdout);
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"AEL's de plugin vs pagmo2's DE (evaluations per second and best loss)"};
  Settings s;
  std::string objectives = "ae,rastrigin", strategy_list = "best1bin,rand1bin", thread_list = "1,2";
  std::string precisions = "float64";
  std::int64_t ae_generations = 5000, rastrigin_generations = 3000;
  std::uint64_t data_seed = 1337;
  double ae_bound = 10;
  std::vector<std::string> plugin_dirs;
  std::int64_t micro = 0;
  app.add_option(
      "--objectives", objectives,
      "ae, rastrigin, null (f = x0^2 in 98 variables: engine overhead; comma-separated)");
  app.add_option("--strategies", strategy_list, "best1bin, rand1bin (comma-separated)");
  app.add_option("--threads", thread_list, "thread counts (comma-separated)");
  app.add_option("--precision", precisions, "AEL's AE graph: float64, float32 (comma-separated)");
  app.add_option("--population", s.population, "NP")->check(CLI::Range(5, 100000));
  app.add_option("-F", s.f, "differential weight")->check(CLI::Range(0.0, 1.0));
  app.add_option("--CR", s.cr, "crossover probability")->check(CLI::Range(0.0, 1.0));
  app.add_option("--ae-generations", ae_generations, "generations on the AE");
  app.add_option("--rastrigin-generations", rastrigin_generations, "generations on Rastrigin");
  app.add_option("--seed", s.seed, "first optimizer and initial-population seed");
  app.add_option("--seeds", s.seeds, "number of seeds (runs per row)")->check(CLI::PositiveNumber);
  app.add_option("--data-seed", data_seed, "seed of the AE's gaussian batch (paper: 1337)");
  app.add_option("--ae-bound", ae_bound, "pagmo's box for the AE weights: [-b, b]");
  app.add_option("--chunk", s.chunk, "candidates per evaluator task / graph run")
      ->check(CLI::PositiveNumber);
  app.add_option("--repeats", s.repeats, "timed repeats (fastest reported)")
      ->check(CLI::PositiveNumber);
  app.add_option("--plugin-dir", plugin_dirs, "extra folders searched for libael_de.so");
  app.add_option("--micro", micro, "first time N bare AE evaluations per side (0: skip)");
  CLI11_PARSE(app, argc, argv);

  try {
    ael::plugins::RegistryConfig rc;
    rc.extra_dirs = plugin_dirs;
    ael::plugins::PluginRegistry registry(rc);
    std::vector<unsigned> threads;
    for (const std::string& t : split(thread_list))
      threads.push_back(static_cast<unsigned>(std::stoul(t)));
    std::vector<Strategy> chosen;
    for (const std::string& name : split(strategy_list)) {
      const auto it = std::find_if(strategies().begin(), strategies().end(),
                                   [&](const Strategy& st) { return st.name == name; });
      if (it == strategies().end()) throw ael::Error("unknown strategy '" + name + "'");
      chosen.push_back(*it);
    }

    if (micro > 0) {
      bench::print_micro(bench::ae_batch(data_seed),
                         bench::ae_initial_population(s.population, s.seed * 1000003), s.chunk,
                         micro);
    }
    print_header(s);
    for (const std::string& objective : split(objectives)) {
      std::vector<Case> cases;
      Settings cs = s;
      if (objective == "ae") {
        cs.generations = ae_generations;
        for (const std::string& p : split(precisions))
          cases.push_back(ae_case(cs, p, data_seed, ae_bound));
      } else if (objective == "rastrigin") {
        cs.generations = rastrigin_generations;
        cases.push_back(rastrigin_case(cs, 30));
      } else if (objective == "null") {
        cs.generations = ae_generations;
        cases.push_back(null_case(cs, bench::kAeParameters));
      } else {
        throw ael::Error("unknown objective '" + objective + "'");
      }
      for (Case& c : cases) {
        const Eigen::MatrixXd initial = c.initial(cs.seed, 0);
        std::printf(
            "# %s (%s, %lld generations): max relative difference AEL vs pagmo objective "
            "on the initial population: %.3g\n",
            c.name.c_str(), c.precision.c_str(), static_cast<long long>(cs.generations),
            objective_mismatch(c, initial));
        for (const Strategy& st : chosen) {
          for (unsigned t : threads) {
            Outcome a, p;
            int wins = 0;
            for (int k = 0; k < cs.seeds; ++k) {
              Settings run = cs;
              run.seed = cs.seed + static_cast<std::uint64_t>(k);
              std::vector<Eigen::MatrixXd> initials;
              for (unsigned i = 0; i < t; ++i) initials.push_back(c.initial(run.seed, i));
              const Outcome ar = run_ael(registry, *c.ael, initials[0], run, st, t);
              const Outcome pr = run_pagmo(c.pagmo, initials, run, st);
              wins += ar.best <= pr.best ? 1 : 0;
              add_seed(a, ar);
              add_seed(p, pr);
            }
            print_row(c, st, t, a, p, wins);
          }
        }
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "de_vs_pagmo: %s\n", e.what());
    return 1;
  }
  return 0;
}

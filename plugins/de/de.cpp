// The `de` plugin: differential evolution (Storn & Price 1997), canonical synchronous form.
// Generation 0 evaluates the initial population; every later generation builds one trial
// per target x_i from a snapshot of the population, evaluates all trials, then keeps a
// trial when its loss is <= its target's (the stored one, from the batch the target was
// last evaluated on; `reevaluate: true` evaluates targets and trials on the same batch).
//
// Mutation (r1..r5 distinct and different from i, best = lowest stored loss):
//   rand1             v = x_r1 + F (x_r2 - x_r3)
//   rand2             v = x_r1 + F (x_r2 - x_r3 + x_r4 - x_r5)
//   best1             v = x_best + F (x_r1 - x_r2)
//   best2             v = x_best + F (x_r1 - x_r2 + x_r3 - x_r4)
//   current_to_best1  v = x_i + F (x_best - x_i) + F (x_r1 - x_r2)
//   rand_to_best2     v = x_r1 + F (x_best - x_r1) + F (x_r2 - x_r3 + x_r4 - x_r5)
// Crossover: binomial (each gene from v with probability CR, gene j_rand always) or
// exponential (a run of genes from v starting at a random gene, continued while U < CR).
//
// Not the paper's code (docs/paper-notes.md §1): that DE was asynchronous (trials replace targets
// in place during the sweep), did not exclude i from r1..r5, used x_i as the base of rand1/2 and a
// non-standard rand-to-best2. AEL implements the definitions above.
#include <ael/diagnostic.hpp>
#include <ael/optimizer.hpp>
#include <ael/plugin.hpp>
#include <ael/random.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <vector>

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint64_t kStreamTag = 0xDEULL;

enum class Strategy { Rand1, Rand2, Best1, Best2, CurrentToBest1, RandToBest2 };

const std::vector<std::string>& strategy_names() {
  static const std::vector<std::string> names{
      "rand1", "rand2", "best1", "best2", "current_to_best1", "rand_to_best2"};
  return names;
}

Strategy parse_strategy(const std::string& name) {
  const auto& names = strategy_names();
  return static_cast<Strategy>(std::find(names.begin(), names.end(), name) - names.begin());
}

// How many distinct random vectors (other than the target) a strategy needs.
int random_vectors(Strategy s) {
  switch (s) {
    case Strategy::Rand1:
      return 3;
    case Strategy::Rand2:
      return 5;
    case Strategy::Best1:
      return 2;
    case Strategy::Best2:
      return 4;
    case Strategy::CurrentToBest1:
      return 2;
    case Strategy::RandToBest2:
      return 5;
  }
  return 5;
}

class DifferentialEvolution final : public ael::PopulationOptimizer {
 public:
  explicit DifferentialEvolution(const ael::Options& o)
      : population_(o.integer("population")),
        f_(o.number("F")),
        cr_(o.number("CR")),
        strategy_(parse_strategy(o.string("strategy"))),
        exponential_(o.string("crossover") == "exponential"),
        reevaluate_(o.boolean("reevaluate")) {
    const Eigen::Index needed = random_vectors(strategy_) + 1;
    if (population_ < needed) {
      throw ael::Error("de: strategy " + o.string("strategy") + " needs population >= " +
                       std::to_string(needed) + ", got " + std::to_string(population_));
    }
  }

  Eigen::Index population_size() const override { return population_; }

  void initialize(const Eigen::Ref<const Eigen::MatrixXd>& initial, std::uint64_t seed) override {
    if (initial.cols() != population_ || initial.rows() < 1) {
      throw ael::Error("de: needs " + std::to_string(population_) + " initial genomes, got a " +
                       std::to_string(initial.rows()) + " x " + std::to_string(initial.cols()) +
                       " matrix");
    }
    pop_ = initial;
    fit_.setConstant(population_, kInf);
    evaluated_ = false;
    seed_ = seed;
    generation_ = 0;
    trials_.resize(0, 0);
    best_.resize(0);
    best_loss_ = kInf;
  }

  void ask(Eigen::MatrixXd& candidates) override {
    require_started();
    if (!evaluated_) {
      candidates = pop_;
      return;
    }
    make_trials();
    if (reevaluate_) {
      candidates.resize(pop_.rows(), 2 * population_);
      candidates << pop_, trials_;
    } else {
      candidates = trials_;
    }
  }

  void tell(const Eigen::Ref<const Eigen::VectorXd>& losses) override {
    require_started();
    const Eigen::Index expected = evaluated_ && reevaluate_ ? 2 * population_ : population_;
    if (losses.size() != expected) {
      throw ael::Error("de: told " + std::to_string(losses.size()) + " losses for " +
                       std::to_string(expected) + " candidates");
    }
    const Eigen::VectorXd f = losses.unaryExpr([](double v) { return std::isnan(v) ? kInf : v; });
    if (!evaluated_) {
      fit_ = f;
      evaluated_ = true;
      record_best(pop_, fit_);
    } else {
      if (reevaluate_) fit_ = f.head(population_);
      const Eigen::VectorXd trial_fit = f.tail(population_);
      record_best(pop_, fit_);
      record_best(trials_, trial_fit);
      for (Eigen::Index i = 0; i < population_; ++i) {
        if (trial_fit[i] <= fit_[i]) {
          pop_.col(i) = trials_.col(i);
          fit_[i] = trial_fit[i];
        }
      }
      trials_.resize(0, 0);
    }
    ++generation_;
  }

  std::int64_t generation() const override { return generation_; }
  Eigen::VectorXd best() const override { return best_; }
  double best_loss() const override { return best_loss_; }

  ael::OptimizerState save_state() const override {
    ael::OptimizerState s;
    s.optimizer = "de";
    s.set_integer("seed", static_cast<std::int64_t>(seed_));
    s.set_integer("generation", generation_);
    s.set_integer("evaluated", evaluated_ ? 1 : 0);
    s.set_array("population", pop_);
    s.set_array("fitness", fit_);
    s.set_array("best", best_);
    s.set_number("best_loss", best_loss_);
    return s;
  }

  void load_state(const ael::OptimizerState& s) override {
    s.expect_optimizer("de");
    Eigen::MatrixXd pop = s.array("population"), fit = s.array("fitness");
    if (pop.cols() != population_ || fit.size() != population_) {
      throw ael::Error("de: the saved population does not have " + std::to_string(population_) +
                       " members");
    }
    pop_ = std::move(pop);
    fit_ = Eigen::Map<Eigen::VectorXd>(fit.data(), population_);
    seed_ = static_cast<std::uint64_t>(s.integer("seed"));
    generation_ = s.integer("generation");
    evaluated_ = s.integer("evaluated") != 0;
    const Eigen::MatrixXd best = s.array("best");
    best_ = Eigen::Map<const Eigen::VectorXd>(best.data(), best.size());
    best_loss_ = s.number("best_loss");
    trials_.resize(0, 0);
  }

 private:
  void require_started() const {
    if (pop_.size() == 0) throw ael::Error("de: call initialize() first");
  }

  void record_best(const Eigen::MatrixXd& genomes, const Eigen::VectorXd& f) {
    Eigen::Index j = 0;
    f.minCoeff(&j);
    if (f[j] < best_loss_ || best_.size() == 0) {
      best_loss_ = f[j];
      best_ = genomes.col(j);
    }
  }

  // r[0..k): distinct indices, none equal to i (a partial Fisher-Yates over the others).
  void draw_indices(Eigen::Index i, int k, ael::Rng& rng, std::vector<Eigen::Index>& pool,
                    std::vector<Eigen::Index>& r) const {
    pool.clear();
    for (Eigen::Index j = 0; j < population_; ++j) {
      if (j != i) pool.push_back(j);
    }
    r.resize(static_cast<std::size_t>(k));
    for (int t = 0; t < k; ++t) {
      const std::size_t pick =
          static_cast<std::size_t>(t) +
          static_cast<std::size_t>(rng.below(pool.size() - static_cast<std::size_t>(t)));
      std::swap(pool[static_cast<std::size_t>(t)], pool[pick]);
      r[static_cast<std::size_t>(t)] = pool[static_cast<std::size_t>(t)];
    }
  }

  Eigen::VectorXd mutant(Eigen::Index i, Eigen::Index best,
                         const std::vector<Eigen::Index>& r) const {
    auto x = [&](Eigen::Index j) { return pop_.col(j); };
    switch (strategy_) {
      case Strategy::Rand1:
        return x(r[0]) + f_ * (x(r[1]) - x(r[2]));
      case Strategy::Rand2:
        return x(r[0]) + f_ * (x(r[1]) - x(r[2]) + x(r[3]) - x(r[4]));
      case Strategy::Best1:
        return x(best) + f_ * (x(r[0]) - x(r[1]));
      case Strategy::Best2:
        return x(best) + f_ * (x(r[0]) - x(r[1]) + x(r[2]) - x(r[3]));
      case Strategy::CurrentToBest1:
        return x(i) + f_ * (x(best) - x(i)) + f_ * (x(r[0]) - x(r[1]));
      case Strategy::RandToBest2:
        return x(r[0]) + f_ * (x(best) - x(r[0])) + f_ * (x(r[1]) - x(r[2]) + x(r[3]) - x(r[4]));
    }
    return x(i);
  }

  void crossover(Eigen::Index i, const Eigen::VectorXd& v, ael::Rng& rng) {
    const Eigen::Index d = pop_.rows();
    auto trial = trials_.col(i);
    trial = pop_.col(i);
    const Eigen::Index start = static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(d)));
    if (exponential_) {
      Eigen::Index length = 0;
      do {
        const Eigen::Index j = (start + length) % d;
        trial[j] = v[j];
        ++length;
      } while (length < d && rng.uniform() < cr_);
    } else {
      for (Eigen::Index j = 0; j < d; ++j) {
        if (j == start || rng.uniform() < cr_) trial[j] = v[j];
      }
    }
  }

  // The trials of this generation; a function of (seed, generation, population) only, so
  // asking twice gives the same candidates.
  void make_trials() {
    if (trials_.cols() == population_) return;
    ael::Rng rng = ael::Rng::stream(seed_, {kStreamTag, static_cast<std::uint64_t>(generation_)});
    Eigen::Index best = 0;
    fit_.minCoeff(&best);
    trials_.resize(pop_.rows(), population_);
    std::vector<Eigen::Index> pool, r;
    for (Eigen::Index i = 0; i < population_; ++i) {
      draw_indices(i, random_vectors(strategy_), rng, pool, r);
      crossover(i, mutant(i, best, r), rng);
    }
  }

  Eigen::Index population_;
  double f_, cr_;
  Strategy strategy_;
  bool exponential_, reevaluate_;
  Eigen::MatrixXd pop_, trials_;
  Eigen::VectorXd fit_;
  bool evaluated_ = false;
  std::uint64_t seed_ = 0;
  std::int64_t generation_ = 0;
  Eigen::VectorXd best_;
  double best_loss_ = kInf;
};

ael::PluginManifest manifest() {
  using ael::OptionSpec;
  ael::PluginManifest m;
  m.name = "de";
  m.version = "1.0.0";
  m.description = "differential evolution (Storn & Price 1997): six strategies, bin/exp crossover";
  m.options = {
      OptionSpec::integer("population", 20, "population size (NP)").in_range(3, 1e7),
      OptionSpec::number("F", 0.5, "differential weight (scale factor)").greater_than(0).at_most(2),
      OptionSpec::number("CR", 0.9, "crossover probability").in_range(0, 1),
      OptionSpec::choice("strategy", strategy_names(), "rand1", "how the mutant vector is built"),
      OptionSpec::choice("crossover", {"binomial", "exponential"}, "binomial",
                         "how trial genes are taken from the mutant"),
      OptionSpec::boolean("reevaluate", false,
                          "evaluate targets again with their trials (same batch; 2x evaluations)"),
  };
  return m;
}

std::unique_ptr<ael::PopulationOptimizer> create(const ael::Options& options) {
  return std::make_unique<DifferentialEvolution>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

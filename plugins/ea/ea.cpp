// The `ea` plugin: a (mu/rho, lambda) or (mu/rho + lambda) evolutionary algorithm in the
// framework of the backprop-vs-bio paper. Each generation evaluates lambda offspring; then
//
//   candidates = the offspring (comma), or the mu parents plus the offspring (plus);
//   parents    = mu candidates chosen by `selection`, without replacement:
//                truncated  the mu best;
//                fitness    roulette on (L_max - L): lower loss, higher probability;
//                rank       linear ranking: weight N - r for rank r = 0 (best) .. N-1;
//   elites     = the `elitism` best candidates, copied unchanged into the next offspring;
//   the other lambda - elitism offspring: rho parents drawn uniformly (with replacement)
//                from the mu, recombined by `crossover`:
//                none          a copy of the first;
//                single_swap   one-point: the tail after a random cut comes from the next
//                              parent, folded over the rho parents;
//                uniform_swap  every gene from one of the rho parents, uniformly;
//                arithmetic    the mean of the rho parents;
//              then mutated: with probability `mutation` the whole child gets
//              sigma * N(0, I) (`mutate: individual`), or every gene independently with
//              probability `mutation` gets sigma * N(0, 1) (`mutate: gene`).
//
// Canonical rather than the paper's code (docs/paper-notes.md §1): fitness-proportional selection
// favours LOW loss (the code favoured high loss), a child is mutated with probability p
// (the code: 1 - p), rank weights are linear in rank (the code's were nearly uniform),
// multi-parent uniform/arithmetic recombination treats all rho parents alike (the code
// folded pairwise), and elites are kept unmutated.
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
constexpr std::uint64_t kStreamTag = 0xEAULL;

enum class Selection { Truncated, Fitness, Rank };
enum class Crossover { None, SingleSwap, UniformSwap, Arithmetic };

std::vector<Eigen::Index> argsort(const Eigen::VectorXd& f) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(f.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return f[a] < f[b]; });
  return order;
}

Selection parse_selection(const std::string& s) {
  if (s == "fitness") return Selection::Fitness;
  if (s == "rank") return Selection::Rank;
  return Selection::Truncated;
}

Crossover parse_crossover(const std::string& s) {
  if (s == "single_swap") return Crossover::SingleSwap;
  if (s == "uniform_swap") return Crossover::UniformSwap;
  if (s == "arithmetic") return Crossover::Arithmetic;
  return Crossover::None;
}

// `count` distinct indices drawn with probability proportional to `weights` (weights of
// drawn indices drop out; when the rest weigh nothing, uniformly among the rest).
std::vector<Eigen::Index> draw_weighted(std::vector<double> weights, Eigen::Index count,
                                        ael::Rng& rng) {
  std::vector<Eigen::Index> picked;
  std::vector<bool> taken(weights.size(), false);
  for (Eigen::Index s = 0; s < count; ++s) {
    double total = 0;
    std::size_t remaining = 0;
    for (std::size_t j = 0; j < weights.size(); ++j) {
      if (taken[j]) continue;
      total += weights[j];
      ++remaining;
    }
    std::size_t choice = weights.size();
    if (total > 0) {
      double u = rng.uniform() * total;
      for (std::size_t j = 0; j < weights.size(); ++j) {
        if (taken[j] || weights[j] <= 0) continue;
        choice = j;
        if (u < weights[j]) break;
        u -= weights[j];
      }
    } else {
      std::uint64_t k = rng.below(remaining);
      for (std::size_t j = 0; j < weights.size(); ++j) {
        if (taken[j]) continue;
        if (k-- == 0) {
          choice = j;
          break;
        }
      }
    }
    taken[choice] = true;
    picked.push_back(static_cast<Eigen::Index>(choice));
  }
  return picked;
}

class EvolutionaryAlgorithm final : public ael::PopulationOptimizer {
 public:
  explicit EvolutionaryAlgorithm(const ael::Options& o)
      : lambda_(o.integer("lambda")),
        mu_(o.integer("mu")),
        rho_(o.integer("rho")),
        plus_(o.string("strategy") == "plus"),
        selection_(parse_selection(o.string("selection"))),
        crossover_(parse_crossover(o.string("crossover"))),
        mutation_(o.number("mutation")),
        sigma_(o.number("sigma")),
        per_gene_(o.string("mutate") == "gene"),
        elitism_(o.integer("elitism")),
        reevaluate_(o.boolean("reevaluate")) {
    if (mu_ > lambda_) {
      throw ael::Error("ea: mu (" + std::to_string(mu_) + ") must not exceed lambda (" +
                       std::to_string(lambda_) + ")");
    }
    if (elitism_ >= lambda_) {
      throw ael::Error("ea: elitism (" + std::to_string(elitism_) +
                       ") must be smaller than lambda (" + std::to_string(lambda_) + ")");
    }
  }

  Eigen::Index population_size() const override { return lambda_; }

  void initialize(const Eigen::Ref<const Eigen::MatrixXd>& initial, std::uint64_t seed) override {
    if (initial.cols() != lambda_ || initial.rows() < 1) {
      throw ael::Error("ea: needs lambda = " + std::to_string(lambda_) +
                       " initial genomes, got a " + std::to_string(initial.rows()) + " x " +
                       std::to_string(initial.cols()) + " matrix");
    }
    offspring_ = initial;
    parents_.resize(0, 0);
    parent_fit_.resize(0);
    seed_ = seed;
    generation_ = 0;
    best_.resize(0);
    best_loss_ = kInf;
  }

  void ask(Eigen::MatrixXd& candidates) override {
    require_started();
    if (reevaluates_parents()) {
      candidates.resize(offspring_.rows(), parents_.cols() + lambda_);
      candidates << parents_, offspring_;
    } else {
      candidates = offspring_;
    }
  }

  void tell(const Eigen::Ref<const Eigen::VectorXd>& losses) override {
    require_started();
    const bool with_parents = reevaluates_parents();
    const Eigen::Index expected = lambda_ + (with_parents ? parents_.cols() : 0);
    if (losses.size() != expected) {
      throw ael::Error("ea: told " + std::to_string(losses.size()) + " losses for " +
                       std::to_string(expected) + " candidates");
    }
    const Eigen::VectorXd f = losses.unaryExpr([](double v) { return std::isnan(v) ? kInf : v; });
    if (with_parents) parent_fit_ = f.head(parents_.cols());
    const Eigen::VectorXd offspring_fit = f.tail(lambda_);
    record_best(offspring_, offspring_fit);
    if (with_parents) record_best(parents_, parent_fit_);

    Eigen::MatrixXd pool;
    Eigen::VectorXd pool_fit;
    if (plus_ && parents_.cols() > 0) {
      pool.resize(offspring_.rows(), parents_.cols() + lambda_);
      pool << parents_, offspring_;
      pool_fit.resize(pool.cols());
      pool_fit << parent_fit_, offspring_fit;
    } else {
      pool = offspring_;
      pool_fit = offspring_fit;
    }
    breed(pool, pool_fit);
    ++generation_;
  }

  std::int64_t generation() const override { return generation_; }
  Eigen::VectorXd best() const override { return best_; }
  double best_loss() const override { return best_loss_; }

  ael::OptimizerState save_state() const override {
    ael::OptimizerState s;
    s.optimizer = "ea";
    s.set_integer("seed", static_cast<std::int64_t>(seed_));
    s.set_integer("generation", generation_);
    s.set_array("offspring", offspring_);
    s.set_array("parents", parents_);
    s.set_array("parent_fitness", parent_fit_);
    s.set_array("best", best_);
    s.set_number("best_loss", best_loss_);
    return s;
  }

  void load_state(const ael::OptimizerState& s) override {
    s.expect_optimizer("ea");
    Eigen::MatrixXd offspring = s.array("offspring"), parents = s.array("parents"),
                    parent_fit = s.array("parent_fitness");
    if (offspring.cols() != lambda_ || parent_fit.size() != parents.cols()) {
      throw ael::Error("ea: the saved state does not have lambda = " + std::to_string(lambda_) +
                       " offspring");
    }
    offspring_ = std::move(offspring);
    parents_ = std::move(parents);
    parent_fit_ = Eigen::Map<Eigen::VectorXd>(parent_fit.data(), parent_fit.size());
    seed_ = static_cast<std::uint64_t>(s.integer("seed"));
    generation_ = s.integer("generation");
    const Eigen::MatrixXd best = s.array("best");
    best_ = Eigen::Map<const Eigen::VectorXd>(best.data(), best.size());
    best_loss_ = s.number("best_loss");
  }

 private:
  void require_started() const {
    if (offspring_.size() == 0) throw ael::Error("ea: call initialize() first");
  }

  bool reevaluates_parents() const { return plus_ && reevaluate_ && parents_.cols() > 0; }

  void record_best(const Eigen::MatrixXd& genomes, const Eigen::VectorXd& f) {
    if (f.size() == 0) return;
    Eigen::Index j = 0;
    f.minCoeff(&j);
    if (f[j] < best_loss_ || best_.size() == 0) {
      best_loss_ = f[j];
      best_ = genomes.col(j);
    }
  }

  std::vector<Eigen::Index> select(const Eigen::VectorXd& f, const std::vector<Eigen::Index>& order,
                                   ael::Rng& rng) const {
    const std::size_t n = order.size();
    if (selection_ == Selection::Truncated) {
      return std::vector<Eigen::Index>(order.begin(), order.begin() + mu_);
    }
    std::vector<double> weights(n, 0.0);
    if (selection_ == Selection::Rank) {
      for (std::size_t r = 0; r < n; ++r)
        weights[static_cast<std::size_t>(order[r])] = static_cast<double>(n - r);
    } else {
      double worst = -kInf;
      for (Eigen::Index j = 0; j < f.size(); ++j) {
        if (std::isfinite(f[j])) worst = std::max(worst, f[j]);
      }
      for (Eigen::Index j = 0; j < f.size(); ++j) {
        if (std::isfinite(f[j])) weights[static_cast<std::size_t>(j)] = worst - f[j];
      }
    }
    return draw_weighted(std::move(weights), mu_, rng);
  }

  void recombine(Eigen::Ref<Eigen::VectorXd> child, ael::Rng& rng) const {
    const Eigen::Index d = child.size();
    std::vector<Eigen::Index> picks(static_cast<std::size_t>(rho_));
    for (auto& p : picks) p = static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(mu_)));
    child = parents_.col(picks[0]);
    switch (crossover_) {
      case Crossover::None:
        break;
      case Crossover::SingleSwap:
        for (std::size_t k = 1; k < picks.size() && d >= 2; ++k) {
          const Eigen::Index cut =
              1 + static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(d - 1)));
          child.tail(d - cut) = parents_.col(picks[k]).tail(d - cut);
        }
        break;
      case Crossover::UniformSwap:
        for (Eigen::Index i = 0; i < d; ++i) child[i] = parents_(i, picks[rng.below(picks.size())]);
        break;
      case Crossover::Arithmetic:
        for (std::size_t k = 1; k < picks.size(); ++k) child += parents_.col(picks[k]);
        child /= static_cast<double>(picks.size());
        break;
    }
  }

  void mutate(Eigen::Ref<Eigen::VectorXd> child, ael::Rng& rng) const {
    if (per_gene_) {
      for (Eigen::Index i = 0; i < child.size(); ++i) {
        if (rng.bernoulli(mutation_)) child[i] += sigma_ * rng.normal();
      }
    } else if (rng.bernoulli(mutation_)) {
      for (Eigen::Index i = 0; i < child.size(); ++i) child[i] += sigma_ * rng.normal();
    }
  }

  void breed(const Eigen::MatrixXd& pool, const Eigen::VectorXd& pool_fit) {
    ael::Rng rng = ael::Rng::stream(seed_, {kStreamTag, static_cast<std::uint64_t>(generation_)});
    const std::vector<Eigen::Index> order = argsort(pool_fit);
    const std::vector<Eigen::Index> chosen = select(pool_fit, order, rng);
    parents_.resize(pool.rows(), mu_);
    parent_fit_.resize(mu_);
    for (Eigen::Index k = 0; k < mu_; ++k) {
      parents_.col(k) = pool.col(chosen[static_cast<std::size_t>(k)]);
      parent_fit_[k] = pool_fit[chosen[static_cast<std::size_t>(k)]];
    }
    for (Eigen::Index k = 0; k < elitism_; ++k)
      offspring_.col(k) = pool.col(order[static_cast<std::size_t>(k)]);
    for (Eigen::Index k = elitism_; k < lambda_; ++k) {
      recombine(offspring_.col(k), rng);
      mutate(offspring_.col(k), rng);
    }
  }

  Eigen::Index lambda_, mu_, rho_;
  bool plus_;
  Selection selection_;
  Crossover crossover_;
  double mutation_, sigma_;
  bool per_gene_;
  Eigen::Index elitism_;
  bool reevaluate_;
  Eigen::MatrixXd offspring_, parents_;
  Eigen::VectorXd parent_fit_;
  std::uint64_t seed_ = 0;
  std::int64_t generation_ = 0;
  Eigen::VectorXd best_;
  double best_loss_ = kInf;
};

ael::PluginManifest manifest() {
  using ael::OptionSpec;
  ael::PluginManifest m;
  m.name = "ea";
  m.version = "1.0.0";
  m.description = "(mu/rho, lambda) and (mu/rho + lambda) evolutionary algorithm";
  m.options = {
      OptionSpec::integer("lambda", 20, "offspring evaluated per generation (population size)")
          .in_range(1, 1e7),
      OptionSpec::integer("mu", 5, "parents selected per generation").in_range(1, 1e7),
      OptionSpec::integer("rho", 2, "parents recombined into each child").in_range(1, 1e7),
      OptionSpec::choice("strategy", {"comma", "plus"}, "comma",
                         "select parents from the offspring (comma) or parents + offspring (plus)"),
      OptionSpec::choice("selection", {"truncated", "fitness", "rank"}, "truncated",
                         "how the mu parents are chosen"),
      OptionSpec::choice("crossover", {"none", "single_swap", "uniform_swap", "arithmetic"},
                         "uniform_swap", "how rho parents make a child"),
      OptionSpec::number("mutation", 0.5, "probability of gaussian mutation (per child or gene)")
          .in_range(0, 1),
      OptionSpec::number("sigma", 0.1, "standard deviation of the gaussian mutation")
          .greater_than(0),
      OptionSpec::choice("mutate", {"individual", "gene"}, "individual",
                         "mutation probability applies to whole children or to single genes"),
      OptionSpec::integer("elitism", 1, "best candidates copied unchanged into the next generation")
          .at_least(0),
      OptionSpec::boolean("reevaluate", false,
                          "plus strategy: evaluate the parents again with their offspring"),
  };
  return m;
}

std::unique_ptr<ael::PopulationOptimizer> create(const ael::Options& options) {
  return std::make_unique<EvolutionaryAlgorithm>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

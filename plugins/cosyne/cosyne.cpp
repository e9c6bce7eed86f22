// The `cosyne` plugin: Cooperative Synapse NeuroEvolution (Gomez, Schmidhuber &
// Miikkulainen, JMLR 2008). The population is a D x P matrix: row i is the subpopulation of
// gene (synapse) i, column j is the network made of the j-th entry of every subpopulation.
// One generation (tell):
//
//   1. sort the P networks by loss;
//   2. recombine: `offspring` children from parents drawn from the top quarter (two distinct
//      parents per pair when the quarter has two or more; uniform or one-point crossover,
//      each pair giving two complementary children);
//   3. mutate every child gene with probability `mutation` by adding Cauchy(0, gamma) noise;
//   4. the children replace the worst `offspring` networks, in every subpopulation;
//   5. permute every subpopulation (row): `shuffle` permutes all P entries at random (the
//      variant the backprop-vs-bio paper used); `marked` is the paper's probabilistic
//      marking: entry j of a row is marked with probability 1 - g_j^(1/D), where
//      g_j = (L_max - L_j) / (L_max - L_min) is the normalised goodness of network j (1 for
//      the best, 0 for the worst; children and non-finite losses count as worst, so they
//      are always marked), and only the marked entries are permuted among themselves.
//
// Canonical rather than the paper's code (docs/paper-notes.md §1): the children themselves are
// mutated and excluded from nothing (the code mutated and skipped the last rows by position).
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
constexpr std::uint64_t kStreamTag = 0xC05E4EULL;

std::vector<Eigen::Index> argsort(const Eigen::VectorXd& f) {
  std::vector<Eigen::Index> order(static_cast<std::size_t>(f.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return f[a] < f[b]; });
  return order;
}

template <class T>
void shuffle(std::vector<T>& items, ael::Rng& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    std::swap(items[i - 1], items[static_cast<std::size_t>(rng.below(i))]);
  }
}

class Cosyne final : public ael::PopulationOptimizer {
 public:
  explicit Cosyne(const ael::Options& o)
      : population_(o.integer("population")),
        offspring_(o.integer("offspring")),
        mutation_(o.number("mutation")),
        gamma_(o.number("gamma")),
        marked_(o.string("permutation") == "marked"),
        one_point_(o.string("crossover") == "one_point") {
    if (offspring_ >= population_) {
      throw ael::Error("cosyne: offspring (" + std::to_string(offspring_) +
                       ") must be smaller than population (" + std::to_string(population_) + ")");
    }
  }

  Eigen::Index population_size() const override { return population_; }

  void initialize(const Eigen::Ref<const Eigen::MatrixXd>& initial, std::uint64_t seed) override {
    if (initial.cols() != population_ || initial.rows() < 1) {
      throw ael::Error("cosyne: needs " + std::to_string(population_) + " initial genomes, got a " +
                       std::to_string(initial.rows()) + " x " + std::to_string(initial.cols()) +
                       " matrix");
    }
    pop_ = initial;
    seed_ = seed;
    generation_ = 0;
    best_.resize(0);
    best_loss_ = kInf;
  }

  void ask(Eigen::MatrixXd& candidates) override {
    require_started();
    candidates = pop_;
  }

  void tell(const Eigen::Ref<const Eigen::VectorXd>& losses) override {
    require_started();
    if (losses.size() != population_) {
      throw ael::Error("cosyne: told " + std::to_string(losses.size()) + " losses for " +
                       std::to_string(population_) + " candidates");
    }
    Eigen::VectorXd f = losses.unaryExpr([](double v) { return std::isnan(v) ? kInf : v; });
    Eigen::Index arg_min = 0;
    f.minCoeff(&arg_min);
    if (f[arg_min] < best_loss_ || best_.size() == 0) {
      best_loss_ = f[arg_min];
      best_ = pop_.col(arg_min);
    }
    evolve(f);
    ++generation_;
  }

  std::int64_t generation() const override { return generation_; }
  Eigen::VectorXd best() const override { return best_; }
  double best_loss() const override { return best_loss_; }

  ael::OptimizerState save_state() const override {
    ael::OptimizerState s;
    s.optimizer = "cosyne";
    s.set_integer("seed", static_cast<std::int64_t>(seed_));
    s.set_integer("generation", generation_);
    s.set_array("population", pop_);
    s.set_array("best", best_);
    s.set_number("best_loss", best_loss_);
    return s;
  }

  void load_state(const ael::OptimizerState& s) override {
    s.expect_optimizer("cosyne");
    Eigen::MatrixXd pop = s.array("population");
    if (pop.cols() != population_) {
      throw ael::Error("cosyne: the saved population has " + std::to_string(pop.cols()) +
                       " networks, this optimizer " + std::to_string(population_));
    }
    pop_ = std::move(pop);
    seed_ = static_cast<std::uint64_t>(s.integer("seed"));
    generation_ = s.integer("generation");
    const Eigen::MatrixXd best = s.array("best");
    best_ = Eigen::Map<const Eigen::VectorXd>(best.data(), best.size());
    best_loss_ = s.number("best_loss");
  }

 private:
  void require_started() const {
    if (pop_.size() == 0) throw ael::Error("cosyne: call initialize() first");
  }

  void evolve(const Eigen::VectorXd& f) {
    ael::Rng rng = ael::Rng::stream(seed_, {kStreamTag, static_cast<std::uint64_t>(generation_)});
    const std::vector<Eigen::Index> order = argsort(f);
    const Eigen::MatrixXd children = make_children(order, rng);
    std::vector<bool> is_child(static_cast<std::size_t>(population_), false);
    for (Eigen::Index k = 0; k < offspring_; ++k) {
      const Eigen::Index slot = order[static_cast<std::size_t>(population_ - 1 - k)];
      pop_.col(slot) = children.col(k);
      is_child[static_cast<std::size_t>(slot)] = true;
    }
    if (marked_) {
      permute_marked(f, is_child, rng);
    } else {
      permute_all(rng);
    }
  }

  Eigen::MatrixXd make_children(const std::vector<Eigen::Index>& order, ael::Rng& rng) const {
    const Eigen::Index d = pop_.rows();
    const std::uint64_t elite =
        static_cast<std::uint64_t>(std::max<Eigen::Index>(1, population_ / 4));
    Eigen::MatrixXd children(d, offspring_);
    for (Eigen::Index k = 0; k < offspring_; k += 2) {
      const std::uint64_t a = rng.below(elite);
      std::uint64_t b = a;
      if (elite >= 2) {
        b = rng.below(elite - 1);
        if (b >= a) ++b;
      }
      const auto pa = pop_.col(order[a]), pb = pop_.col(order[b]);
      const bool pair = k + 1 < offspring_;
      const Eigen::Index cut =
          d >= 2 ? 1 + static_cast<Eigen::Index>(rng.below(static_cast<std::uint64_t>(d - 1))) : 0;
      for (Eigen::Index i = 0; i < d; ++i) {
        const bool from_a = one_point_ ? i < cut : rng.uniform() < 0.5;
        children(i, k) = from_a ? pa[i] : pb[i];
        if (pair) children(i, k + 1) = from_a ? pb[i] : pa[i];
      }
    }
    for (Eigen::Index k = 0; k < offspring_; ++k) {
      for (Eigen::Index i = 0; i < d; ++i) {
        if (rng.bernoulli(mutation_)) children(i, k) += rng.cauchy(gamma_);
      }
    }
    return children;
  }

  void permute_all(ael::Rng& rng) {
    std::vector<double> row(static_cast<std::size_t>(population_));
    for (Eigen::Index i = 0; i < pop_.rows(); ++i) {
      for (Eigen::Index j = 0; j < population_; ++j) row[static_cast<std::size_t>(j)] = pop_(i, j);
      shuffle(row, rng);
      for (Eigen::Index j = 0; j < population_; ++j) pop_(i, j) = row[static_cast<std::size_t>(j)];
    }
  }

  // Probability that an entry of network j is marked for permutation.
  std::vector<double> mark_probabilities(const Eigen::VectorXd& f,
                                         const std::vector<bool>& is_child) const {
    double lo = kInf, hi = -kInf;
    for (Eigen::Index j = 0; j < f.size(); ++j) {
      if (std::isfinite(f[j])) {
        lo = std::min(lo, f[j]);
        hi = std::max(hi, f[j]);
      }
    }
    const double root = 1.0 / static_cast<double>(pop_.rows());
    std::vector<double> p(static_cast<std::size_t>(population_), 1.0);
    if (!(hi > lo)) return p;  // no spread (or nothing finite): every entry is marked
    for (Eigen::Index j = 0; j < population_; ++j) {
      if (is_child[static_cast<std::size_t>(j)] || !std::isfinite(f[j])) continue;
      const double goodness = (hi - f[j]) / (hi - lo);
      p[static_cast<std::size_t>(j)] = 1.0 - std::pow(goodness, root);
    }
    return p;
  }

  void permute_marked(const Eigen::VectorXd& f, const std::vector<bool>& is_child, ael::Rng& rng) {
    const std::vector<double> p = mark_probabilities(f, is_child);
    std::vector<Eigen::Index> marked;
    std::vector<double> values;
    for (Eigen::Index i = 0; i < pop_.rows(); ++i) {
      marked.clear();
      values.clear();
      for (Eigen::Index j = 0; j < population_; ++j) {
        if (rng.bernoulli(p[static_cast<std::size_t>(j)])) {
          marked.push_back(j);
          values.push_back(pop_(i, j));
        }
      }
      shuffle(values, rng);
      for (std::size_t m = 0; m < marked.size(); ++m) pop_(i, marked[m]) = values[m];
    }
  }

  Eigen::Index population_, offspring_;
  double mutation_, gamma_;
  bool marked_, one_point_;
  Eigen::MatrixXd pop_;
  std::uint64_t seed_ = 0;
  std::int64_t generation_ = 0;
  Eigen::VectorXd best_;
  double best_loss_ = kInf;
};

ael::PluginManifest manifest() {
  using ael::OptionSpec;
  ael::PluginManifest m;
  m.name = "cosyne";
  m.version = "1.0.0";
  m.description = "CoSyNE: cooperative synapse neuroevolution (Gomez et al. 2008)";
  m.options = {
      OptionSpec::integer("population", 20, "networks (entries per subpopulation)")
          .in_range(2, 1e7),
      OptionSpec::integer("offspring", 10, "children per generation; they replace the worst")
          .in_range(1, 1e7),
      OptionSpec::number("mutation", 0.3, "probability that a child gene gets Cauchy noise")
          .in_range(0, 1),
      OptionSpec::number("gamma", 0.3, "scale of the Cauchy mutation noise").greater_than(0),
      OptionSpec::choice("permutation", {"shuffle", "marked"}, "shuffle",
                         "permute whole subpopulations, or only fitness-weighted marked entries"),
      OptionSpec::choice("crossover", {"uniform", "one_point"}, "uniform",
                         "how two top-quarter parents make two children"),
  };
  return m;
}

std::unique_ptr<ael::PopulationOptimizer> create(const ael::Options& options) {
  return std::make_unique<Cosyne>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

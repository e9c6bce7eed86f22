// A working population optimizer (random search around the best genome so far) that
// throws from tell() at generation `fail_at` (never when -1): the "plugin fails mid-run"
// test, and the library-lifetime test when healthy.
#include <ael/diagnostic.hpp>
#include <ael/optimizer.hpp>
#include <ael/plugin.hpp>
#include <ael/random.hpp>
#include <limits>
#include <stdexcept>

namespace {

class Crashy final : public ael::PopulationOptimizer {
 public:
  explicit Crashy(const ael::Options& o)
      : population_(o.integer("population")),
        fail_at_(o.integer("fail_at")),
        sigma_(o.number("sigma")) {}

  Eigen::Index population_size() const override { return population_; }
  void initialize(const Eigen::Ref<const Eigen::MatrixXd>& initial, std::uint64_t seed) override {
    candidates_ = initial;
    seed_ = seed;
    generation_ = 0;
    best_.resize(0);
    best_loss_ = std::numeric_limits<double>::infinity();
  }
  void ask(Eigen::MatrixXd& candidates) override { candidates = candidates_; }
  void tell(const Eigen::Ref<const Eigen::VectorXd>& losses) override {
    if (generation_ == fail_at_) {
      throw std::runtime_error("crashy gave up at generation " + std::to_string(generation_));
    }
    Eigen::Index j = 0;
    losses.minCoeff(&j);
    if (losses[j] < best_loss_) {
      best_loss_ = losses[j];
      best_ = candidates_.col(j);
    }
    ael::Rng rng = ael::Rng::stream(seed_, {static_cast<std::uint64_t>(generation_)});
    for (Eigen::Index c = 0; c < candidates_.cols(); ++c) {
      for (Eigen::Index i = 0; i < candidates_.rows(); ++i) {
        candidates_(i, c) = best_[i] + sigma_ * rng.normal();
      }
    }
    ++generation_;
  }
  std::int64_t generation() const override { return generation_; }
  Eigen::VectorXd best() const override { return best_; }
  double best_loss() const override { return best_loss_; }
  ael::OptimizerState save_state() const override {
    ael::OptimizerState s;
    s.optimizer = "crashy";
    s.set_integer("seed", static_cast<std::int64_t>(seed_));
    s.set_integer("generation", generation_);
    s.set_array("candidates", candidates_);
    s.set_array("best", best_);
    s.set_number("best_loss", best_loss_);
    return s;
  }
  void load_state(const ael::OptimizerState& s) override {
    s.expect_optimizer("crashy");
    candidates_ = s.array("candidates");
    const Eigen::MatrixXd best = s.array("best");
    best_ = Eigen::Map<const Eigen::VectorXd>(best.data(), best.size());
    seed_ = static_cast<std::uint64_t>(s.integer("seed"));
    generation_ = s.integer("generation");
    best_loss_ = s.number("best_loss");
  }

 private:
  Eigen::Index population_;
  std::int64_t fail_at_;
  double sigma_;
  Eigen::MatrixXd candidates_;
  std::uint64_t seed_ = 0;
  std::int64_t generation_ = 0;
  Eigen::VectorXd best_;
  double best_loss_ = std::numeric_limits<double>::infinity();
};

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "crashy";
  m.version = "0.0.1";
  m.description = "test plugin: random search that fails at a chosen generation";
  m.options = {
      ael::OptionSpec::integer("population", 4, "candidates per generation").at_least(1),
      ael::OptionSpec::integer("fail_at", -1, "generation whose tell() throws (-1: never)"),
      ael::OptionSpec::number("sigma", 0.1, "search radius").greater_than(0),
  };
  return m;
}

std::unique_ptr<ael::PopulationOptimizer> create(const ael::Options& options) {
  return std::make_unique<Crashy>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

// A gradient optimizer (plain gradient descent) whose step() throws at step `fail_at`.
#include <ael/diagnostic.hpp>
#include <ael/optimizer.hpp>
#include <ael/plugin.hpp>

namespace {

class CrashyStep final : public ael::GradientOptimizer {
 public:
  explicit CrashyStep(const ael::Options& o) : fail_at_(o.integer("fail_at")) {}
  void reset(Eigen::Index) override { steps_ = 0; }
  void step(Eigen::Ref<Eigen::VectorXf> p, const Eigen::Ref<const Eigen::VectorXf>& g) override {
    check();
    p -= 0.1f * g;
  }
  void step(Eigen::Ref<Eigen::VectorXd> p, const Eigen::Ref<const Eigen::VectorXd>& g) override {
    check();
    p -= 0.1 * g;
  }
  std::int64_t steps() const override { return steps_; }
  void set_option(const std::string& name, double) override {
    throw ael::Error("crashystep: option '" + name + "' cannot be changed");
  }
  ael::OptimizerState save_state() const override {
    ael::OptimizerState s;
    s.optimizer = "crashystep";
    s.set_integer("steps", steps_);
    return s;
  }
  void load_state(const ael::OptimizerState& s) override { steps_ = s.integer("steps"); }

 private:
  void check() {
    if (steps_ == fail_at_) throw ael::Error("step " + std::to_string(steps_) + " exploded");
    ++steps_;
  }
  std::int64_t fail_at_;
  std::int64_t steps_ = 0;
};

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "crashystep";
  m.version = "0.0.1";
  m.description = "test plugin: gradient descent that fails at a chosen step";
  m.options = {ael::OptionSpec::integer("fail_at", 2, "step that throws")};
  return m;
}

std::unique_ptr<ael::GradientOptimizer> create(const ael::Options& options) {
  return std::make_unique<CrashyStep>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

// The `adagrad` plugin: Adagrad (Duchi, Hazan & Singer 2011), the backprop baseline of the
// backprop-vs-bio paper. Arithmetic follows PyTorch's torch.optim.Adagrad, in double:
//
//   g    = clip(grad) + weight_decay * p
//   clr  = lr / (1 + (t - 1) * lr_decay)
//   sum += g^2                                  (sum starts at initial_accumulator)
//   p   -= clr * g / (sqrt(sum) + eps)
#include <ael/diagnostic.hpp>
#include <ael/optimizer.hpp>
#include <ael/plugin.hpp>
#include <cmath>
#include <memory>

namespace {

class Adagrad final : public ael::GradientOptimizerImpl<Adagrad> {
  friend class ael::GradientOptimizerImpl<Adagrad>;

 public:
  explicit Adagrad(const ael::Options& o)
      : lr_(o.number("lr")),
        lr_decay_(o.number("lr_decay")),
        initial_(o.number("initial_accumulator")),
        eps_(o.number("eps")),
        transform_(ael::GradientTransform::from(o)) {}

  void reset(Eigen::Index n) override {
    if (n < 0) throw ael::Error("adagrad: reset with a negative parameter count");
    n_ = n;
    steps_ = 0;
    sum_.setConstant(n, initial_);
  }

  std::int64_t steps() const override { return steps_; }

  void set_option(const std::string& name, double value) override {
    if (name == "lr") {
      if (!(value > 0)) throw ael::Error("adagrad: lr must be > 0");
      lr_ = value;
    } else if (name == "weight_decay") {
      if (!(value >= 0)) throw ael::Error("adagrad: weight_decay must be >= 0");
      transform_.weight_decay = value;
    } else {
      throw ael::Error("adagrad: option '" + name + "' cannot be changed between steps");
    }
  }

  ael::OptimizerState save_state() const override {
    ael::OptimizerState s;
    s.optimizer = "adagrad";
    s.set_integer("parameters", n_);
    s.set_integer("steps", steps_);
    s.set_number("lr", lr_);
    s.set_number("weight_decay", transform_.weight_decay);
    s.set_array("sum", sum_);
    return s;
  }

  void load_state(const ael::OptimizerState& s) override {
    s.expect_optimizer("adagrad");
    const std::int64_t n = s.integer("parameters");
    Eigen::MatrixXd sum = s.array("sum");
    if (sum.size() != n)
      throw ael::Error("adagrad: the saved state does not match its parameter count");
    n_ = n;
    steps_ = s.integer("steps");
    lr_ = s.number("lr");
    transform_.weight_decay = s.number("weight_decay");
    sum_ = Eigen::Map<Eigen::VectorXd>(sum.data(), n);
  }

 private:
  template <class S>
  void update(Eigen::Ref<Eigen::Matrix<S, Eigen::Dynamic, 1>> params,
              const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, 1>>& grads) {
    if (n_ < 0) throw ael::Error("adagrad: call reset(n) before the first step");
    if (params.size() != n_ || grads.size() != n_) {
      throw ael::Error("adagrad: step with " + std::to_string(params.size()) + " parameters and " +
                       std::to_string(grads.size()) + " gradients, but reset() was given " +
                       std::to_string(n_));
    }
    const double clr = lr_ / (1 + static_cast<double>(steps_) * lr_decay_);
    const double scale = transform_.norm_scale<S>(grads);
    for (Eigen::Index i = 0; i < n_; ++i) {
      const double p = static_cast<double>(params[i]);
      const double g = transform_.apply(static_cast<double>(grads[i]), p, scale);
      sum_[i] += g * g;
      params[i] = static_cast<S>(p - clr * g / (std::sqrt(sum_[i]) + eps_));
    }
    ++steps_;
  }

  double lr_, lr_decay_, initial_, eps_;
  ael::GradientTransform transform_;
  Eigen::Index n_ = -1;
  std::int64_t steps_ = 0;
  Eigen::VectorXd sum_;
};

ael::PluginManifest manifest() {
  using ael::OptionSpec;
  ael::PluginManifest m;
  m.name = "adagrad";
  m.version = "1.0.0";
  m.description = "Adagrad with learning-rate decay, L2 decay and gradient clipping";
  m.options = {
      OptionSpec::number("lr", 0.01, "learning rate").greater_than(0).can_schedule(),
      OptionSpec::number("lr_decay", 0.0, "lr / (1 + (t - 1) * lr_decay) at step t").at_least(0),
      OptionSpec::number("initial_accumulator", 0.0, "starting value of the squared-gradient sum")
          .at_least(0),
      OptionSpec::number("eps", 1e-10, "added to the denominator").greater_than(0),
  };
  for (auto& spec : ael::GradientTransform::option_specs()) m.options.add(spec);
  return m;
}

std::unique_ptr<ael::GradientOptimizer> create(const ael::Options& options) {
  return std::make_unique<Adagrad>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

// The `rmsprop` plugin: RMSprop (Tieleman & Hinton 2012), optionally centered (Graves 2013)
// and with momentum. Arithmetic follows PyTorch's torch.optim.RMSprop, in double:
//
//   g   = clip(grad) + weight_decay * p
//   v   = alpha v + (1 - alpha) g^2
//   ga  = alpha ga + (1 - alpha) g                  centered only
//   den = sqrt(v - ga^2) + eps  (centered)   |   sqrt(v) + eps
//   buf = momentum buf + g / den; p -= lr buf       momentum > 0
//   p  -= lr g / den                                otherwise
#include <ael/diagnostic.hpp>
#include <ael/optimizer.hpp>
#include <ael/plugin.hpp>
#include <cmath>
#include <memory>

namespace {

class RmsProp final : public ael::GradientOptimizerImpl<RmsProp> {
  friend class ael::GradientOptimizerImpl<RmsProp>;

 public:
  explicit RmsProp(const ael::Options& o)
      : lr_(o.number("lr")),
        alpha_(o.number("alpha")),
        eps_(o.number("eps")),
        momentum_(o.number("momentum")),
        centered_(o.boolean("centered")),
        transform_(ael::GradientTransform::from(o)) {}

  void reset(Eigen::Index n) override {
    if (n < 0) throw ael::Error("rmsprop: reset with a negative parameter count");
    n_ = n;
    steps_ = 0;
    square_.setZero(n);
    mean_.setZero(centered_ ? n : 0);
    buffer_.setZero(momentum_ > 0 ? n : 0);
  }

  std::int64_t steps() const override { return steps_; }

  void set_option(const std::string& name, double value) override {
    if (name == "lr") {
      if (!(value > 0)) throw ael::Error("rmsprop: lr must be > 0");
      lr_ = value;
    } else if (name == "weight_decay") {
      if (!(value >= 0)) throw ael::Error("rmsprop: weight_decay must be >= 0");
      transform_.weight_decay = value;
    } else {
      throw ael::Error("rmsprop: option '" + name + "' cannot be changed between steps");
    }
  }

  ael::OptimizerState save_state() const override {
    ael::OptimizerState s;
    s.optimizer = "rmsprop";
    s.set_integer("parameters", n_);
    s.set_integer("steps", steps_);
    s.set_number("lr", lr_);
    s.set_number("weight_decay", transform_.weight_decay);
    s.set_array("square_avg", square_);
    s.set_array("grad_avg", mean_);
    s.set_array("momentum_buffer", buffer_);
    return s;
  }

  void load_state(const ael::OptimizerState& s) override {
    s.expect_optimizer("rmsprop");
    const std::int64_t n = s.integer("parameters");
    Eigen::MatrixXd square = s.array("square_avg"), mean = s.array("grad_avg"),
                    buffer = s.array("momentum_buffer");
    if (square.size() != n || mean.size() != (centered_ ? n : 0) ||
        buffer.size() != (momentum_ > 0 ? n : 0)) {
      throw ael::Error("rmsprop: the saved state does not match " + std::to_string(n) +
                       " parameters with these options (centered, momentum)");
    }
    n_ = n;
    steps_ = s.integer("steps");
    lr_ = s.number("lr");
    transform_.weight_decay = s.number("weight_decay");
    square_ = Eigen::Map<Eigen::VectorXd>(square.data(), n);
    mean_ = Eigen::Map<Eigen::VectorXd>(mean.data(), mean.size());
    buffer_ = Eigen::Map<Eigen::VectorXd>(buffer.data(), buffer.size());
  }

 private:
  template <class S>
  void update(Eigen::Ref<Eigen::Matrix<S, Eigen::Dynamic, 1>> params,
              const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, 1>>& grads) {
    if (n_ < 0) throw ael::Error("rmsprop: call reset(n) before the first step");
    if (params.size() != n_ || grads.size() != n_) {
      throw ael::Error("rmsprop: step with " + std::to_string(params.size()) + " parameters and " +
                       std::to_string(grads.size()) + " gradients, but reset() was given " +
                       std::to_string(n_));
    }
    const double scale = transform_.norm_scale<S>(grads);
    for (Eigen::Index i = 0; i < n_; ++i) {
      const double p = static_cast<double>(params[i]);
      const double g = transform_.apply(static_cast<double>(grads[i]), p, scale);
      square_[i] = alpha_ * square_[i] + (1 - alpha_) * g * g;
      double denominator;
      if (centered_) {
        mean_[i] = alpha_ * mean_[i] + (1 - alpha_) * g;
        denominator = std::sqrt(square_[i] - mean_[i] * mean_[i]) + eps_;
      } else {
        denominator = std::sqrt(square_[i]) + eps_;
      }
      double d = g / denominator;
      if (momentum_ > 0) d = buffer_[i] = momentum_ * buffer_[i] + d;
      params[i] = static_cast<S>(p - lr_ * d);
    }
    ++steps_;
  }

  double lr_, alpha_, eps_, momentum_;
  bool centered_;
  ael::GradientTransform transform_;
  Eigen::Index n_ = -1;
  std::int64_t steps_ = 0;
  Eigen::VectorXd square_, mean_, buffer_;
};

ael::PluginManifest manifest() {
  using ael::OptionSpec;
  ael::PluginManifest m;
  m.name = "rmsprop";
  m.version = "1.0.0";
  m.description = "RMSprop (optionally centered, with momentum), L2 decay and gradient clipping";
  m.options = {
      OptionSpec::number("lr", 0.01, "learning rate").greater_than(0).can_schedule(),
      OptionSpec::number("alpha", 0.99, "decay of the squared-gradient average")
          .at_least(0)
          .less_than(1),
      OptionSpec::number("eps", 1e-8, "added to the denominator").greater_than(0),
      OptionSpec::number("momentum", 0.0, "momentum factor (0: none)").at_least(0).less_than(1),
      OptionSpec::boolean("centered", false, "normalise by the gradient's variance estimate"),
  };
  for (auto& spec : ael::GradientTransform::option_specs()) m.options.add(spec);
  return m;
}

std::unique_ptr<ael::GradientOptimizer> create(const ael::Options& options) {
  return std::make_unique<RmsProp>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

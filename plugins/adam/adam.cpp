// The `adam` plugin: Adam (Kingma & Ba 2015), with AMSGrad (Reddi et al. 2018) and AdamW's
// decoupled weight decay (Loshchilov & Hutter 2019) as options, plus L2 weight decay and
// gradient clipping. Arithmetic follows PyTorch's torch.optim.Adam/AdamW, in double:
//
//   g  = clip(grad) [+ weight_decay * p unless decoupled]
//   p *= 1 - lr * weight_decay                          decoupled (AdamW) only
//   m  = beta1 m + (1 - beta1) g
//   v  = beta2 v + (1 - beta2) g^2
//   vm = max(vm, v)                                      amsgrad only (used instead of v)
//   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
#include <ael/diagnostic.hpp>
#include <ael/optimizer.hpp>
#include <ael/plugin.hpp>
#include <algorithm>
#include <cmath>
#include <memory>

namespace {

class Adam final : public ael::GradientOptimizerImpl<Adam> {
  friend class ael::GradientOptimizerImpl<Adam>;

 public:
  explicit Adam(const ael::Options& o)
      : lr_(o.number("lr")),
        beta1_(o.number("beta1")),
        beta2_(o.number("beta2")),
        eps_(o.number("eps")),
        amsgrad_(o.boolean("amsgrad")),
        decoupled_(o.boolean("decoupled")),
        transform_(ael::GradientTransform::from(o)) {
    if (decoupled_) {
      decoupled_decay_ = transform_.weight_decay;
      transform_.weight_decay = 0;
    }
  }

  void reset(Eigen::Index n) override {
    if (n < 0) throw ael::Error("adam: reset with a negative parameter count");
    n_ = n;
    steps_ = 0;
    m_.setZero(n);
    v_.setZero(n);
    vmax_.setZero(amsgrad_ ? n : 0);
  }

  std::int64_t steps() const override { return steps_; }

  void set_option(const std::string& name, double value) override {
    if (name == "lr") {
      if (!(value > 0)) throw ael::Error("adam: lr must be > 0");
      lr_ = value;
    } else if (name == "weight_decay") {
      if (!(value >= 0)) throw ael::Error("adam: weight_decay must be >= 0");
      (decoupled_ ? decoupled_decay_ : transform_.weight_decay) = value;
    } else {
      throw ael::Error("adam: option '" + name + "' cannot be changed between steps");
    }
  }

  ael::OptimizerState save_state() const override {
    ael::OptimizerState s;
    s.optimizer = "adam";
    s.set_integer("parameters", n_);
    s.set_integer("steps", steps_);
    s.set_number("lr", lr_);
    s.set_number("weight_decay", decoupled_ ? decoupled_decay_ : transform_.weight_decay);
    s.set_array("m", m_);
    s.set_array("v", v_);
    s.set_array("vmax", vmax_);
    return s;
  }

  void load_state(const ael::OptimizerState& s) override {
    s.expect_optimizer("adam");
    const std::int64_t n = s.integer("parameters");
    Eigen::MatrixXd m = s.array("m"), v = s.array("v"), vmax = s.array("vmax");
    if (m.size() != n || v.size() != n || vmax.size() != (amsgrad_ ? n : 0)) {
      throw ael::Error("adam: the saved state does not match " + std::to_string(n) +
                       " parameters with amsgrad " + (amsgrad_ ? "on" : "off"));
    }
    n_ = n;
    steps_ = s.integer("steps");
    lr_ = s.number("lr");
    (decoupled_ ? decoupled_decay_ : transform_.weight_decay) = s.number("weight_decay");
    m_ = Eigen::Map<Eigen::VectorXd>(m.data(), n);
    v_ = Eigen::Map<Eigen::VectorXd>(v.data(), n);
    vmax_ = Eigen::Map<Eigen::VectorXd>(vmax.data(), vmax.size());
  }

 private:
  template <class S>
  void update(Eigen::Ref<Eigen::Matrix<S, Eigen::Dynamic, 1>> params,
              const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, 1>>& grads) {
    if (n_ < 0) throw ael::Error("adam: call reset(n) before the first step");
    if (params.size() != n_ || grads.size() != n_) {
      throw ael::Error("adam: step with " + std::to_string(params.size()) + " parameters and " +
                       std::to_string(grads.size()) + " gradients, but reset() was given " +
                       std::to_string(n_));
    }
    const double t = static_cast<double>(steps_ + 1);
    const double step_size = lr_ / (1 - std::pow(beta1_, t));
    const double root_bc2 = std::sqrt(1 - std::pow(beta2_, t));
    const double shrink = 1 - lr_ * decoupled_decay_;
    const double scale = transform_.norm_scale<S>(grads);
    for (Eigen::Index i = 0; i < n_; ++i) {
      double p = static_cast<double>(params[i]);
      const double g = transform_.apply(static_cast<double>(grads[i]), p, scale);
      p *= shrink;
      m_[i] = beta1_ * m_[i] + (1 - beta1_) * g;
      v_[i] = beta2_ * v_[i] + (1 - beta2_) * g * g;
      double second = v_[i];
      if (amsgrad_) second = vmax_[i] = std::max(vmax_[i], v_[i]);
      p -= step_size * m_[i] / (std::sqrt(second) / root_bc2 + eps_);
      params[i] = static_cast<S>(p);
    }
    ++steps_;
  }

  double lr_, beta1_, beta2_, eps_;
  bool amsgrad_, decoupled_;
  ael::GradientTransform transform_;
  double decoupled_decay_ = 0;
  Eigen::Index n_ = -1;
  std::int64_t steps_ = 0;
  Eigen::VectorXd m_, v_, vmax_;
};

ael::PluginManifest manifest() {
  using ael::OptionSpec;
  ael::PluginManifest m;
  m.name = "adam";
  m.version = "1.0.0";
  m.description =
      "Adam with AMSGrad, AdamW (decoupled weight decay), L2 decay and gradient clipping";
  m.options = {
      OptionSpec::number("lr", 1e-3, "learning rate").greater_than(0).can_schedule(),
      OptionSpec::number("beta1", 0.9, "decay of the first-moment average")
          .at_least(0)
          .less_than(1),
      OptionSpec::number("beta2", 0.999, "decay of the second-moment average")
          .at_least(0)
          .less_than(1),
      OptionSpec::number("eps", 1e-8, "added to the denominator").greater_than(0),
      OptionSpec::boolean("amsgrad", false, "use the running maximum of the second moment"),
      OptionSpec::boolean("decoupled", false,
                          "AdamW: decay weights directly (p *= 1 - lr * weight_decay) instead of "
                          "adding weight_decay * p to the gradient"),
  };
  for (auto& spec : ael::GradientTransform::option_specs()) m.options.add(spec);
  return m;
}

std::unique_ptr<ael::GradientOptimizer> create(const ael::Options& options) {
  return std::make_unique<Adam>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

#include "train/sgd.hpp"

#include <algorithm>

#include "ael/diagnostic.hpp"
#include "plugins/registry.hpp"

namespace ael::train {

PluginManifest sgd_manifest() {
  PluginManifest m;
  m.name = "sgd";
  m.family = PluginFamily::GradientOptimizer;
  m.version = "1.0.0";
  m.description = "stochastic gradient descent with momentum and Nesterov momentum";
  m.options = {
      OptionSpec::number("lr", 0.01, "learning rate").greater_than(0).can_schedule(),
      OptionSpec::number("momentum", 0.0, "momentum factor (0: plain SGD)")
          .at_least(0)
          .less_than(1),
      OptionSpec::number("dampening", 0.0, "dampening of the momentum term").in_range(0, 1),
      OptionSpec::boolean("nesterov", false, "Nesterov momentum (needs momentum > 0, dampening 0)"),
  };
  for (auto& spec : GradientTransform::option_specs()) m.options.add(spec);
  return m;
}

std::unique_ptr<GradientOptimizer> make_sgd(const Options& options) {
  return std::make_unique<Sgd>(options);
}

void register_sgd(plugins::PluginRegistry& registry) {
  registry.add_builtin(sgd_manifest(), [](const Options& options) -> std::unique_ptr<PluginObject> {
    return make_sgd(options);
  });
}

Sgd::Sgd(const Options& options)
    : lr_(options.number("lr")),
      momentum_(options.number("momentum")),
      dampening_(options.number("dampening")),
      nesterov_(options.boolean("nesterov")),
      transform_(GradientTransform::from(options)) {
  if (nesterov_ && (momentum_ <= 0 || dampening_ != 0)) {
    throw Error("sgd: nesterov needs momentum > 0 and dampening 0");
  }
}

void Sgd::reset(Eigen::Index n) {
  if (n < 0) throw Error("sgd: reset with a negative parameter count");
  n_ = n;
  steps_ = 0;
  velocity_.setZero(n);
}

template <class S>
void Sgd::update(Eigen::Ref<Eigen::Matrix<S, Eigen::Dynamic, 1>> params,
                 const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, 1>>& grads) {
  if (n_ < 0) throw Error("sgd: call reset(n) before the first step");
  if (params.size() != n_ || grads.size() != n_) {
    throw Error("sgd: step with " + std::to_string(params.size()) + " parameters and " +
                std::to_string(grads.size()) + " gradients, but reset() was given " +
                std::to_string(n_));
  }
  const double scale = transform_.norm_scale<S>(grads);
  const bool first = steps_ == 0;
  for (Eigen::Index i = 0; i < n_; ++i) {
    const double p = static_cast<double>(params[i]);
    double d = transform_.apply(static_cast<double>(grads[i]), p, scale);
    if (momentum_ != 0) {
      double& buf = velocity_[i];
      buf = first ? d : momentum_ * buf + (1 - dampening_) * d;
      d = nesterov_ ? d + momentum_ * buf : buf;
    }
    params[i] = static_cast<S>(p - lr_ * d);
  }
  ++steps_;
}

void Sgd::step(Eigen::Ref<Eigen::VectorXf> params, const Eigen::Ref<const Eigen::VectorXf>& grads) {
  update<float>(params, grads);
}

void Sgd::step(Eigen::Ref<Eigen::VectorXd> params, const Eigen::Ref<const Eigen::VectorXd>& grads) {
  update<double>(params, grads);
}

void Sgd::set_option(const std::string& name, double value) {
  if (name == "lr" && value > 0) {
    lr_ = value;
  } else if (name == "weight_decay" && value >= 0) {
    transform_.weight_decay = value;
  } else if (name == "lr" || name == "weight_decay") {
    throw Error("sgd: option '" + name + "' cannot be " + std::to_string(value));
  } else {
    throw Error("sgd: option '" + name + "' cannot be changed between steps");
  }
}

OptimizerState Sgd::save_state() const {
  OptimizerState s;
  s.optimizer = "sgd";
  s.set_integer("parameters", n_);
  s.set_integer("steps", steps_);
  s.set_number("lr", lr_);
  s.set_number("weight_decay", transform_.weight_decay);
  s.set_array("velocity", velocity_);
  return s;
}

void Sgd::load_state(const OptimizerState& s) {
  s.expect_optimizer("sgd");
  const Eigen::MatrixXd velocity = s.array("velocity");
  const std::int64_t n = s.integer("parameters");
  if (velocity.size() != std::max<std::int64_t>(n, 0)) {
    throw Error("sgd: state has " + std::to_string(velocity.size()) + " velocities for " +
                std::to_string(n) + " parameters");
  }
  n_ = n;
  steps_ = s.integer("steps");
  lr_ = s.number("lr");
  transform_.weight_decay = s.number("weight_decay");
  velocity_ = Eigen::Map<const Eigen::VectorXd>(velocity.data(), velocity.size());
}

}  // namespace ael::train

// Plain SGD with momentum (and Nesterov momentum), built into libael so training works
// without any plugin. Registered as the built-in plugin "sgd" by register_sgd().
//
// Update (PyTorch's semantics, so results can be compared):
//   g   = clip(grad) + weight_decay * p
//   buf = g                                  first step
//   buf = momentum * buf + (1 - dampening) g later steps
//   d   = nesterov ? g + momentum * buf : buf  (d = g when momentum is 0)
//   p  -= lr * d
#pragma once

#include <memory>

#include "ael/optimizer.hpp"

namespace ael::plugins {
class PluginRegistry;
}

namespace ael::train {

class Sgd final : public GradientOptimizer {
 public:
  /// `options` validated against sgd_manifest().options. Throws ael::Error for nesterov
  /// without momentum or with dampening.
  explicit Sgd(const Options& options);

  void reset(Eigen::Index n) override;
  void step(Eigen::Ref<Eigen::VectorXf> params,
            const Eigen::Ref<const Eigen::VectorXf>& grads) override;
  void step(Eigen::Ref<Eigen::VectorXd> params,
            const Eigen::Ref<const Eigen::VectorXd>& grads) override;
  std::int64_t steps() const override { return steps_; }
  void set_option(const std::string& name, double value) override;
  OptimizerState save_state() const override;
  void load_state(const OptimizerState& state) override;

 private:
  template <class S>
  void update(Eigen::Ref<Eigen::Matrix<S, Eigen::Dynamic, 1>> params,
              const Eigen::Ref<const Eigen::Matrix<S, Eigen::Dynamic, 1>>& grads);

  double lr_;
  double momentum_;
  double dampening_;
  bool nesterov_;
  GradientTransform transform_;
  Eigen::Index n_ = -1;
  std::int64_t steps_ = 0;
  Eigen::VectorXd velocity_;
};

/// The manifest of the built-in "sgd" plugin (options: lr, momentum, dampening, nesterov,
/// weight_decay, clip_norm, clip_value).
PluginManifest sgd_manifest();
std::unique_ptr<GradientOptimizer> make_sgd(const Options& options);
/// Adds "sgd" to `registry` as a built-in.
void register_sgd(plugins::PluginRegistry& registry);

}  // namespace ael::train

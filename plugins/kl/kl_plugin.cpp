// The `kl` loss plugin: the closed-form Gaussian KL for VAEs (op kl_normal). The
// sample-based k-NN estimator used as the cube paper's "generative KL" is the plain
// function in interpreter/src/data/knn_kl.hpp, a metric exposed as the builtin knn_kl().
#include <ael/loss.hpp>
#include <ael/op.hpp>
#include <ael/plugin.hpp>
#include <memory>

#include "kl_normal_op.hpp"

namespace {

class KlPlugin final : public ael::LossPlugin {
 public:
  std::vector<ael::LossFunction> functions() const override {
    ael::LossFunction f;
    f.name = "kl_normal";
    f.inputs = {"mu", "logvar"};
    f.options = {ael::OptionSpec::choice(
        "reduction", {"sum", "mean"}, "sum",
        "\"sum\": summed over latent dims (the ELBO's term); \"mean\": also averaged over them "
        "(torch.mean of the elementwise KL)")};
    f.doc = "KL(N(mu, exp(logvar)) || N(0, I)), averaged over the batch";
    return {f};
  }
  void register_ops(ael::OpRegistry& registry) override { ael_kl::register_kl_normal_op(registry); }
};

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "kl";
  m.version = "1.0.0";
  m.description = "closed-form Gaussian KL (VAE) and a k-NN KL estimator between sample sets";
  return m;
}

std::unique_ptr<ael::LossPlugin> create(const ael::Options&) {
  return std::make_unique<KlPlugin>();
}

}  // namespace

AEL_PLUGIN(manifest, create)

// The `mmd` loss plugin: maximum mean discrepancy between a batch and target samples (the
// cube paper's f4/f5 prior-fitting term). Ops in mmd_ops.hpp, formulas in
// mmd_config.hpp and mmd_estimator.hpp.
#include <ael/loss.hpp>
#include <ael/op.hpp>
#include <ael/plugin.hpp>
#include <memory>

#include "mmd_ops.hpp"

namespace {

ael::OptionSchema mmd_options() {
  using ael::OptionSpec;
  return {
      OptionSpec::choice("kernel", {"gaussian", "imq"}, "gaussian",
                         "gaussian exp(-d2/r) or inverse multiquadric r/(r+d2)"),
      OptionSpec::choice("bandwidth", {"median", "fixed"}, "median",
                         "median: r = scale * median pairwise squared distance (a constant for "
                         "the gradient); fixed: r = scale"),
      OptionSpec::numbers("scales", {1.0}, "one kernel per entry, summed (multi-scale)")
          .greater_than(0),
      OptionSpec::choice("estimator", {"unbiased", "biased"}, "unbiased",
                         "unbiased (U-statistic, i != j) or biased (V-statistic)"),
      OptionSpec::integer("samples", 0,
                          "prior samples per step when y is normal(d) or uniform(...) (0: the "
                          "batch size)")
          .at_least(0),
  };
}

class MmdPlugin final : public ael::LossPlugin {
 public:
  std::vector<ael::LossFunction> functions() const override {
    ael::LossFunction f;
    f.name = "mmd";
    f.inputs = {"x", "y"};
    f.options = mmd_options();
    f.doc =
        "squared MMD between the columns of x and y; y is an endpoint or normal(d) / "
        "uniform(lo, hi, d), redrawn every step";
    return {f};
  }
  void register_ops(ael::OpRegistry& registry) override { ael_mmd::register_mmd_ops(registry); }
};

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "mmd";
  m.version = "1.0.0";
  m.description = "maximum mean discrepancy loss (gaussian / imq kernels, median heuristic)";
  return m;
}

std::unique_ptr<ael::LossPlugin> create(const ael::Options&) {
  return std::make_unique<MmdPlugin>();
}

}  // namespace

AEL_PLUGIN(manifest, create)

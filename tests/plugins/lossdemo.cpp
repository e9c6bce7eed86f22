// A loss-family plugin: checks that the family and export mechanism carry beyond optimizers
// (register_ops needs the host's OpRegistry, which tests do not construct here).
#include <ael/loss.hpp>
#include <ael/plugin.hpp>

namespace {

class LossDemo final : public ael::LossPlugin {
 public:
  explicit LossDemo(const ael::Options& o) : default_scale_(o.number("default_scale")) {}

  std::vector<ael::LossFunction> functions() const override {
    ael::LossFunction f;
    f.name = "demo_l1";
    f.inputs = {"x", "y"};
    f.options = {
        ael::OptionSpec::number("scale", default_scale_, "multiplies the loss").at_least(0)};
    f.doc = "mean absolute error";
    return {f};
  }
  void register_ops(ael::OpRegistry&) override {}

 private:
  double default_scale_;
};

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "lossdemo";
  m.version = "0.0.1";
  m.description = "test plugin: a loss family plugin";
  m.options = {ael::OptionSpec::number("default_scale", 1.0, "default of demo_l1's scale")};
  return m;
}

std::unique_ptr<ael::LossPlugin> create(const ael::Options& options) {
  return std::make_unique<LossDemo>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

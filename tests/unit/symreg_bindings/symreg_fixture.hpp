// Shared helpers of the symbolic-regression binding tests: the plugin registry (build
// tree only), a hand-built PluginValue of the gp plugin, and small datasets.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <string>
#include <vector>

#include "ael/random.hpp"
#include "bindings/plugin_value.hpp"
#include "data/dataset.hpp"
#include "plugins/registry.hpp"

namespace ael::test {

inline plugins::PluginRegistry& plugin_registry() {
  static plugins::PluginRegistry* r = [] {
    plugins::RegistryConfig c;
    c.extra_dirs = {AEL_TEST_PLUGIN_DIR};
    c.use_environment = c.use_build_dir = c.use_install_dir = false;
    return new plugins::PluginRegistry(c);
  }();
  return *r;
}

/// What `gp(args...)` in a script evaluates to: the plugin's handle and validated options.
inline std::shared_ptr<bindings::PluginValue> plugin_value(const std::string& name,
                                                           const std::vector<OptionArg>& args) {
  auto handle = plugin_registry().load(name);
  return std::make_shared<bindings::PluginValue>(handle, handle->validate(args).value());
}

/// A small, fast gp configuration that recovers x0 * x1 + sin(x0).
inline std::vector<OptionArg> small_gp_args() {
  return {{"population", std::int64_t(200)},
          {"generations", std::int64_t(60)},
          {"constants", false},
          {"primitives", std::string("add,sub,mul,sin,cos")},
          {"target_error", 1e-12}};
}

/// `features` x `rows` uniform in [lo, hi], named x0, x1, ...
inline data::Dataset uniform_dataset(int features, int rows, std::uint64_t seed, double lo = -2,
                                     double hi = 2) {
  Rng rng(seed);
  Eigen::MatrixXd X(features, rows);
  for (int c = 0; c < rows; ++c) {
    for (int f = 0; f < features; ++f) X(f, c) = rng.uniform(lo, hi);
  }
  return data::Dataset(std::move(X));
}

}  // namespace ael::test

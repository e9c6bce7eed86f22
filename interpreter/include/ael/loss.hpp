// ael/loss.hpp — the loss family of the plugin SDK.
//
// A loss plugin adds differentiable ops (forward + backward kernels, printing names) to
// the host's ael::OpRegistry (declared in ael/op.hpp) and describes the script functions
// those ops back, e.g. `mmd(z, normal(6), bandwidth: median)`, so the checker can validate
// calls before anything runs.
//
// Lifetime: the registered ops point into the plugin's code. The host keeps the
// LossPlugin object (and with it the library) alive for as long as the ops are registered.
#pragma once

#include "ael/export.h"

#include <string>
#include <vector>

#include "ael/options.hpp"
#include "ael/plugin.hpp"

namespace ael {

class OpRegistry;

/// A script-level function a loss plugin provides.
struct AEL_API LossFunction {
  std::string name;                 ///< the script name ("mmd")
  std::vector<std::string> inputs;  ///< positional tensor arguments ("x", "y")
  OptionSchema options;             ///< named options after the inputs
  std::string doc;                  ///< one line for `ael plugins NAME`
};

class AEL_API LossPlugin : public PluginObject {
 public:
  static constexpr PluginFamily family = PluginFamily::Loss;
  ~LossPlugin() override;

  /// The script functions this plugin provides.
  virtual std::vector<LossFunction> functions() const = 0;
  /// Adds this plugin's ops to `registry`.
  virtual void register_ops(OpRegistry& registry) = 0;
};

}  // namespace ael

// Script functions provided by loss plugins: `mmd(z, ...)`, `kl(mu, logvar)`, ...
//
// A loss plugin (ael/loss.hpp) registers differentiable ops and describes the script
// functions behind them. The first time a script uses such a name, the plugin is created
// and its ops registered in the process-wide op registry (once per process: the plugin
// object, and with it its library, then stays loaded so compiled graphs keep working).
// Calling the function inside a model body or a loss adds the op: positional arguments
// are the op's tensor inputs, named ones its options (validated against the function's
// schema, then passed as op attributes).
#pragma once

#include <string>

#include "ael/value.hpp"
#include "plugins/registry.hpp"

namespace ael::bindings {

/// The script function `name` if a loss plugin provides it: looked up first as a plugin of
/// that name, then among every loss plugin found (discovery runs once). None otherwise.
/// Throws ael::Error for a broken plugin or a loss plugin without a function of its name.
Value loss_function(plugins::PluginRegistry& registry, const std::string& name);

}  // namespace ael::bindings

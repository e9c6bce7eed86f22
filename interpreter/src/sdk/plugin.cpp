// Out-of-line parts of ael/plugin.hpp. The destructor is PluginObject's key function: its
// vtable and type information live in libael only, so dynamic_cast and exceptions agree
// between the host and every plugin.
#include "ael/plugin.hpp"

namespace ael {

PluginObject::~PluginObject() = default;

const char* family_name(PluginFamily family) {
  switch (family) {
    case PluginFamily::GradientOptimizer:
      return "gradient optimizer";
    case PluginFamily::PopulationOptimizer:
      return "population optimizer";
    case PluginFamily::Loss:
      return "loss";
    case PluginFamily::SymbolicRegressor:
      return "symbolic regressor";
    case PluginFamily::DataSource:
      return "data source";
    case PluginFamily::Callback:
      return "callback";
  }
  return "unknown";
}

bool is_known_family(PluginFamily family) {
  switch (family) {
    case PluginFamily::GradientOptimizer:
    case PluginFamily::PopulationOptimizer:
    case PluginFamily::Loss:
    case PluginFamily::SymbolicRegressor:
    case PluginFamily::DataSource:
    case PluginFamily::Callback:
      return true;
  }
  return false;
}

}  // namespace ael

// The `gp` plugin: genetic-programming symbolic regression (one equation per target).
// The engine lives in the static library ael_gp_engine (tested on its own); this file
// only publishes it through the SDK: manifest (name, option schema) and factory.
#include <memory>

#include "ael/plugin.hpp"
#include "ael/symreg.hpp"
#include "gp_engine.hpp"
#include "gp_options.hpp"

namespace {

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "gp";
  m.version = "1.0.0";
  m.description =
      "genetic-programming symbolic regression: protected primitives, constants tuned by "
      "Levenberg-Marquardt, linear scaling, parsimony, Pareto front (mode: ael or deap)";
  m.options = ael::gp::gp_option_schema();
  return m;
}

std::unique_ptr<ael::SymbolicRegressor> create(const ael::Options& options) {
  return std::make_unique<ael::gp::GpRegressor>(options);
}

}  // namespace

AEL_PLUGIN(manifest, create)

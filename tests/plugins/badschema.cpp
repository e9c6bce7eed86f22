// A plugin whose option schema is wrong (a default outside its own range).
#include <ael/optimizer.hpp>
#include <ael/plugin.hpp>

namespace {

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "badschema";
  m.version = "0.0.1";
  m.description = "test plugin: bad option schema";
  m.options = {ael::OptionSpec::number("lr", -1.0, "a learning rate").greater_than(0)};
  return m;
}

std::unique_ptr<ael::GradientOptimizer> create(const ael::Options&) { return nullptr; }

}  // namespace

AEL_PLUGIN(manifest, create)

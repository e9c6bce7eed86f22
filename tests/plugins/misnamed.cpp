// A plugin file libael_misnamed.so that declares another name.
#include <ael/optimizer.hpp>
#include <ael/plugin.hpp>

namespace {

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "other";
  m.version = "0.0.1";
  m.description = "test plugin: its name does not match its file";
  return m;
}

std::unique_ptr<ael::GradientOptimizer> create(const ael::Options&) { return nullptr; }

}  // namespace

AEL_PLUGIN(manifest, create)

// A plugin whose factory throws: an ael::Error, a std::exception or something else,
// chosen by the `kind` option, with the text of the `message` option.
#include <ael/diagnostic.hpp>
#include <ael/optimizer.hpp>
#include <ael/plugin.hpp>
#include <stdexcept>

namespace {

ael::PluginManifest manifest() {
  ael::PluginManifest m;
  m.name = "throwingfactory";
  m.version = "0.0.1";
  m.description = "test plugin: its factory always throws";
  m.options = {
      ael::OptionSpec::choice("kind", {"ael_error", "std_exception", "other"}, "ael_error",
                              "what to throw"),
      ael::OptionSpec::string("message", "refusing to start", "the message thrown"),
  };
  return m;
}

std::unique_ptr<ael::GradientOptimizer> create(const ael::Options& options) {
  const std::string& kind = options.string("kind");
  if (kind == "ael_error") throw ael::Error(options.string("message"));
  if (kind == "std_exception") throw std::runtime_error(options.string("message"));
  throw 42;
}

}  // namespace

AEL_PLUGIN(manifest, create)

#include "cli/plugins_command.hpp"

#include <iostream>

#include "ael/diagnostic.hpp"
#include "plugins/listing.hpp"
#include "plugins/registry.hpp"
#include "train/sgd.hpp"

namespace ael::cli {

int plugins_command(const std::vector<std::string>& extra_paths, const std::string& name) {
  plugins::RegistryConfig config;
  config.extra_dirs = extra_paths;
  plugins::PluginRegistry registry(config);
  train::register_sgd(registry);
  try {
    std::cout << (name.empty() ? plugins::plugin_listing(registry)
                               : plugins::plugin_details(registry, name));
    return 0;
  } catch (const Error& e) {
    std::cerr << "ael: " << e.diagnostic().message << "\n";
    return 1;
  }
}

}  // namespace ael::cli

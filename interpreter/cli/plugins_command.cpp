#include "cli/plugins_command.hpp"

#include <iostream>

#include "ael/ael.hpp"
#include "ael/diagnostic.hpp"

namespace ael::cli {

int plugins_command(const std::vector<std::string>& extra_paths, const std::string& name) {
  EngineConfig config;
  config.plugin_path = extra_paths;
  try {
    std::cout << plugin_listing(config, name);
    return 0;
  } catch (const Error& e) {
    std::cerr << "ael: " << e.diagnostic().message << "\n";
    return 1;
  }
}

}  // namespace ael::cli

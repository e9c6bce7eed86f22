#include "cli/doc_command.hpp"

#include <iostream>

#include "ael/ael.hpp"
#include "ael/closest_name.hpp"
#include "ael/diagnostic.hpp"

namespace ael::cli {

int doc_command(const std::vector<std::string>& extra_paths, const std::string& name) {
  EngineConfig config;
  config.plugin_path = extra_paths;
  Interpreter interp(config);
  try {
    if (name.empty()) {
      std::cout << interp.reference();
      return 0;
    }
    const std::string text = interp.help(name);
    if (!text.empty()) {
      std::cout << text;
      return 0;
    }
    std::string message = "no builtin or plugin named '" + name + "'";
    const std::string suggestion = closest_name(name, interp.help_names());
    if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
    std::cerr << "ael: " << message << "\n";
    return 1;
  } catch (const Error& e) {
    std::cerr << "ael: " << e.diagnostic().message << "\n";
    return 1;
  }
}

}  // namespace ael::cli

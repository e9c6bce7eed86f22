#include "cli/doc_command.hpp"

#include <iostream>

#include "ael/ael.hpp"
#include "ael/closest_name.hpp"
#include "ael/diagnostic.hpp"
#include "eval/interpreter_impl.hpp"
#include "eval/reference.hpp"

namespace ael::cli {

int doc_command(const std::vector<std::string>& extra_paths, const std::string& name) {
  EngineConfig config;
  config.plugin_path = extra_paths;
  Interpreter interp(config);
  try {
    if (name.empty()) {
      std::cout << eval::reference_markdown(interp.impl());
      return 0;
    }
    const std::string text = eval::help_text(interp.impl(), name);
    if (!text.empty()) {
      std::cout << text;
      return 0;
    }
    std::vector<std::string> names;
    for (const auto& entry : interp.impl().builtin_sections) names.push_back(entry.first);
    for (const std::string& plugin : interp.impl().plugin_names()) names.push_back(plugin);
    std::string message = "no builtin or plugin named '" + name + "'";
    const std::string suggestion = closest_name(name, names);
    if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
    std::cerr << "ael: " << message << "\n";
    return 1;
  } catch (const Error& e) {
    std::cerr << "ael: " << e.diagnostic().message << "\n";
    return 1;
  }
}

}  // namespace ael::cli

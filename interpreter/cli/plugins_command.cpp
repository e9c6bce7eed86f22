#include "cli/plugins_command.hpp"

#include <iostream>

namespace ael::cli {

int plugins_command(const std::vector<std::string>&, const std::string&) {
  std::cerr << "ael: plugin support is not part of this build yet\n";
  return 2;
}

}  // namespace ael::cli

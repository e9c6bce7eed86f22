// `ael plugins [NAME]`: what plugins are found, or one plugin's options.
#pragma once

#include <string>
#include <vector>

namespace ael::cli {

int plugins_command(const std::vector<std::string>& extra_paths, const std::string& name);

}  // namespace ael::cli

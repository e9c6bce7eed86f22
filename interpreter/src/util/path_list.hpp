// Search paths written as one string: AEL_PATH, AEL_PLUGIN_PATH, ael_Options.plugin_path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ael::util {

/// Splits a colon-separated list of folders, dropping empty entries ("a::b:" -> a, b),
/// as the shell does for PATH-like variables. A null pointer is an empty list.
std::vector<std::string> split_path_list(std::string_view list);
std::vector<std::string> split_path_list(const char* list);

}  // namespace ael::util

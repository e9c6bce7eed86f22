// Where plugins are looked for.
#include <algorithm>
#include <cstdlib>

#include "build_config.hpp"
#include "plugins/registry.hpp"
#include "util/install_layout.hpp"
#include "util/path_list.hpp"

namespace ael::plugins {
namespace {

void add_folder(std::vector<SearchFolder>& folders, const std::string& path, const char* origin) {
  if (path.empty()) return;
  const bool seen = std::any_of(folders.begin(), folders.end(),
                                [&](const SearchFolder& f) { return f.path == path; });
  if (!seen) folders.push_back({path, origin});
}

}  // namespace

std::vector<SearchFolder> plugin_search_path(const RegistryConfig& config) {
  std::vector<SearchFolder> folders;
  for (const auto& dir : config.extra_dirs) add_folder(folders, dir, "--plugin-path");
  if (config.use_environment) {
    if (const char* env = std::getenv("AEL_PLUGIN_PATH")) {
      for (const auto& dir : util::split_path_list(env))
        add_folder(folders, dir, "AEL_PLUGIN_PATH");
    }
  }
  // An installed libael never reads the build tree it came from: that tree may hold
  // plugins of another version by now.
  if (config.use_build_dir && util::running_from_build_tree())
    add_folder(folders, AEL_BUILD_PLUGIN_DIR, "build tree");
  if (config.use_install_dir) add_folder(folders, util::installed_plugin_dir(), "installed");
  return folders;
}

std::string plugin_file_name(std::string_view name) {
  return "libael_" + std::string(name) + ".so";
}

}  // namespace ael::plugins

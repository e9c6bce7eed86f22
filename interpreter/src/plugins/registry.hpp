// The plugin registry: where plugins are looked for, which are loaded, and built-ins.
//
// Search order (first match wins): the host's extra folders (`--plugin-path`,
// EngineConfig::plugin_path), AEL_PLUGIN_PATH (colon-separated), the build tree's plugin
// folder, the installed plugin folder. A plugin named `adam` is the file `libael_adam.so`.
// Plugins load lazily, on first use by name; loading is serialised by a mutex.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/plugin_handle.hpp"

namespace ael::plugins {

struct SearchFolder {
  std::string path;
  std::string origin;  ///< "--plugin-path", "AEL_PLUGIN_PATH", "build tree", "installed"
};

struct RegistryConfig {
  std::vector<std::string> extra_dirs;  ///< searched first, in order
  bool use_environment = true;          ///< read AEL_PLUGIN_PATH
  bool use_build_dir = true;            ///< AEL_BUILD_PLUGIN_DIR
  bool use_install_dir = true;          ///< AEL_INSTALL_PLUGIN_DIR
};

/// The search folders for `config`, in search order, without duplicates.
std::vector<SearchFolder> plugin_search_path(const RegistryConfig& config);

/// The file a plugin named `name` lives in: "libael_<name>.so".
std::string plugin_file_name(std::string_view name);

struct DiscoveryProblem {
  std::string path;
  std::string message;
};

/// Everything found in the search folders (loaded to read the manifests) plus built-ins,
/// sorted by name; files that failed to load are reported, not thrown.
struct Discovery {
  std::vector<std::shared_ptr<const PluginHandle>> plugins;
  std::vector<DiscoveryProblem> problems;
};

class PluginRegistry {
 public:
  explicit PluginRegistry(RegistryConfig config = {});

  const std::vector<SearchFolder>& search_path() const { return search_path_; }

  /// Registers a plugin that lives in the host (e.g. sgd). Throws ael::Error when the name
  /// is taken or the manifest is not sound. Built-ins win over files of the same name.
  void add_builtin(PluginManifest manifest, BuiltinFactory factory);

  /// The plugin called `name`, loading it on first use; nullptr when no search folder has
  /// it. Throws ael::Error when the file exists but cannot be used (not a plugin, ABI
  /// mismatch, ...).
  std::shared_ptr<const PluginHandle> find(std::string_view name);
  /// Like find(), but a missing plugin is an ael::Error that lists every folder searched
  /// (and suggests a close name).
  std::shared_ptr<const PluginHandle> load(std::string_view name);
  /// Loads a plugin file by path and registers it under its manifest's name. Throws when
  /// another file with that name is already loaded (forget() it first).
  std::shared_ptr<const PluginHandle> load_file(const std::string& path);

  /// Drops the registry's reference (objects already created keep their library loaded).
  /// Returns false when the name was not loaded. Built-ins cannot be forgotten.
  bool forget(std::string_view name);
  /// Names of the plugins loaded so far (built-ins included), sorted.
  std::vector<std::string> loaded() const;

  /// Names of every plugin loaded or present in a search folder, without loading any
  /// (for "did you mean": `adma` -> `adam`), sorted.
  std::vector<std::string> known_names() const;

  /// Loads every plugin file in the search folders (the first of each name wins).
  Discovery discover();

 private:
  std::shared_ptr<const PluginHandle> find_locked(std::string_view name);
  std::vector<std::string> known_names_locked() const;

  mutable std::mutex mutex_;
  std::vector<SearchFolder> search_path_;
  std::map<std::string, std::shared_ptr<const PluginHandle>, std::less<>> loaded_;
};

}  // namespace ael::plugins

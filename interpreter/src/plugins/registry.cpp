#include "plugins/registry.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "ael/diagnostic.hpp"
#include "plugins/lua/lua_plugin.hpp"

namespace ael::plugins {
namespace fs = std::filesystem;

namespace {

bool valid_plugin_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

// The plugin name of a file called libael_<name>.so or <name>.lua, or "" for any other.
std::string name_of_file(const fs::path& file) {
  const std::string base = file.filename().string();
  if (std::string lua_name = lua::plugin_name_of_lua_file(base); !lua_name.empty())
    return valid_plugin_name(lua_name) ? lua_name : std::string();
  const std::string prefix = "libael_", suffix = ".so";
  if (base.size() <= prefix.size() + suffix.size()) return {};
  if (base.compare(0, prefix.size(), prefix) != 0) return {};
  if (base.compare(base.size() - suffix.size(), suffix.size(), suffix) != 0) return {};
  return base.substr(prefix.size(), base.size() - prefix.size() - suffix.size());
}

// Plugin files of one folder, sorted by name (a missing folder has none).
std::vector<fs::path> plugin_files(const std::string& folder) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::directory_iterator it(folder, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!name_of_file(it->path()).empty()) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool is_file(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path, ec) && !fs::is_directory(path, ec);
}

}  // namespace

PluginRegistry::PluginRegistry(RegistryConfig config) : search_path_(plugin_search_path(config)) {}

void PluginRegistry::add_builtin(PluginManifest manifest, BuiltinFactory factory) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string name = manifest.name;
  if (loaded_.count(name)) throw Error("a plugin named '" + name + "' is already registered");
  loaded_[name] = PluginHandle::builtin(std::move(manifest), std::move(factory));
}

std::shared_ptr<const PluginHandle> PluginRegistry::find(std::string_view name) {
  std::lock_guard<std::mutex> lock(mutex_);
  return find_locked(name);
}

std::shared_ptr<const PluginHandle> PluginRegistry::find_locked(std::string_view name) {
  if (auto it = loaded_.find(name); it != loaded_.end()) return it->second;
  if (!valid_plugin_name(name)) return nullptr;
  // In each folder a compiled plugin comes before a Lua one of the same name.
  for (const SearchFolder& folder : search_path_) {
    for (const bool lua_file : {false, true}) {
      const fs::path candidate =
          fs::path(folder.path) / (lua_file ? std::string(name) + ".lua" : plugin_file_name(name));
      if (!is_file(candidate)) continue;
      std::error_code ec;
      const std::string path = fs::absolute(candidate, ec).lexically_normal().string();
      std::shared_ptr<const PluginHandle> handle =
          lua_file ? lua::open_lua_plugin(path, name) : PluginHandle::open(path, name);
      loaded_[std::string(name)] = handle;
      return handle;
    }
  }
  return nullptr;
}

std::shared_ptr<const PluginHandle> PluginRegistry::load(std::string_view name) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto handle = find_locked(name)) return handle;
  std::string message = "plugin '" + std::string(name) + "' not found";
  const std::string suggestion = closest_name(name, known_names_locked());
  if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
  message += "\nlooked for " + plugin_file_name(name) + " and " + std::string(name) + ".lua in:";
  for (const SearchFolder& folder : search_path_) {
    message += "\n  " + folder.path + " (" + folder.origin + ")";
  }
  if (search_path_.empty()) message += " no folders (the search path is empty)";
  throw Error(message);
}

std::shared_ptr<const PluginHandle> PluginRegistry::load_file(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::error_code ec;
  const std::string absolute = fs::absolute(path, ec).lexically_normal().string();
  for (const auto& [name, handle] : loaded_) {
    if (!handle->is_builtin() && handle->path() == absolute) return handle;
  }
  if (!is_file(absolute)) throw Error("plugin file '" + path + "' does not exist");
  std::shared_ptr<const PluginHandle> handle =
      lua::plugin_name_of_lua_file(fs::path(absolute).filename().string()).empty()
          ? PluginHandle::open(absolute)
          : lua::open_lua_plugin(absolute);
  const std::string& name = handle->name();
  if (auto it = loaded_.find(name); it != loaded_.end()) {
    const std::string where = it->second->is_builtin() ? "built in" : "from " + it->second->path();
    throw Error("cannot load '" + absolute + "': a plugin named '" + name +
                "' is already loaded (" + where + ")");
  }
  loaded_[name] = handle;
  return handle;
}

bool PluginRegistry::forget(std::string_view name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = loaded_.find(name);
  if (it == loaded_.end() || it->second->is_builtin()) return false;
  loaded_.erase(it);
  return true;
}

std::vector<std::string> PluginRegistry::loaded() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> names;
  for (const auto& entry : loaded_) names.push_back(entry.first);
  return names;
}

std::vector<std::string> PluginRegistry::known_names() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return known_names_locked();
}

std::vector<std::string> PluginRegistry::known_names_locked() const {
  std::set<std::string> names;
  for (const auto& entry : loaded_) names.insert(entry.first);
  for (const SearchFolder& folder : search_path_) {
    for (const fs::path& file : plugin_files(folder.path)) names.insert(name_of_file(file));
  }
  return {names.begin(), names.end()};
}

Discovery PluginRegistry::discover() {
  std::lock_guard<std::mutex> lock(mutex_);
  Discovery result;
  std::set<std::string> seen;
  for (const auto& [name, handle] : loaded_) {
    if (handle->is_builtin()) seen.insert(name);
  }
  for (const SearchFolder& folder : search_path_) {
    for (const fs::path& file : plugin_files(folder.path)) {
      const std::string name = name_of_file(file);
      if (!seen.insert(name).second) continue;  // shadowed by an earlier folder
      try {
        find_locked(name);
      } catch (const Error& e) {
        result.problems.push_back({file.string(), e.diagnostic().message});
      }
    }
  }
  for (const auto& entry : loaded_) result.plugins.push_back(entry.second);
  return result;
}

}  // namespace ael::plugins

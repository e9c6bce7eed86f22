#include "plugins/plugin_handle.hpp"

#include <boost/dll/shared_library.hpp>
#include <exception>

#include "ael/diagnostic.hpp"
#include "plugins/plugin_object_access.hpp"

namespace ael::plugins {

struct PluginHandle::Library {
  boost::dll::shared_library dll;
};

namespace {

using AbiFn = std::uint32_t();
using ManifestFn = PluginManifest();
using FactoryFn = PluginObject*(const Options&);

std::string traits_text(std::uint32_t traits) {
  return "Eigen alignment " + std::to_string(traits & 0xFFFFu) + ", " +
         ((traits >> 16) & 1u ? "C++11" : "old") + " string ABI, std::string of " +
         std::to_string((traits >> 20) & 0xFFu) + " bytes";
}

// The message of the exception being handled (call only inside a catch block).
std::string current_exception_message() {
  try {
    throw;
  } catch (const Error& e) {
    return e.diagnostic().message;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

void check_manifest(const PluginManifest& m, const std::string& where) {
  if (m.name.empty()) throw Error(where + " declares a plugin with an empty name");
  if (!is_known_family(m.family)) {
    throw Error("plugin '" + m.name + "' (" + where + ") is of family " +
                std::to_string(static_cast<std::uint32_t>(m.family)) +
                ", which this AEL does not know");
  }
  const std::vector<std::string> problems = m.options.self_check();
  if (!problems.empty()) {
    std::string message = "plugin '" + m.name + "' (" + where + ") declares a bad option schema: ";
    for (std::size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
    throw Error(message);
  }
}

// Loads the file; the error says what the dynamic loader said.
std::shared_ptr<PluginHandle::Library> load_library(const std::string& path) {
  auto library = std::make_shared<PluginHandle::Library>();
  try {
    library->dll.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    throw Error("cannot load plugin file '" + path + "': " + e.what());
  }
  return library;
}

// ABI version first (a plain C function: safe whatever the plugin was built with), then
// the build traits, before any C++ type crosses the boundary.
void check_abi(PluginHandle::Library& library, const std::string& path) {
  if (!library.dll.has("ael_plugin_abi_version")) {
    throw Error("'" + path +
                "' is not an AEL plugin: it does not export ael_plugin_abi_version (a plugin "
                "is built with the AEL_PLUGIN macro of ael/plugin.hpp)");
  }
  const std::uint32_t abi = library.dll.get<AbiFn>("ael_plugin_abi_version")();
  if (abi != kPluginAbiVersion) {
    throw Error("plugin file '" + path + "' was built for AEL plugin ABI " + std::to_string(abi) +
                ", but this AEL uses plugin ABI " + std::to_string(kPluginAbiVersion) +
                "; rebuild the plugin against this AEL's SDK");
  }
  if (!library.dll.has("ael_plugin_build_traits")) {
    throw Error("plugin file '" + path + "' does not export ael_plugin_build_traits");
  }
  const std::uint32_t traits = library.dll.get<AbiFn>("ael_plugin_build_traits")();
  if (traits != detail::build_traits()) {
    throw Error("plugin file '" + path + "' was compiled with " + traits_text(traits) +
                ", but this AEL with " + traits_text(detail::build_traits()) +
                "; build both with the same compiler and flags");
  }
  for (const char* symbol : {"ael_plugin_manifest", "ael_plugin_create"}) {
    if (!library.dll.has(symbol)) {
      throw Error("plugin file '" + path + "' does not export " + symbol);
    }
  }
}

}  // namespace

std::shared_ptr<PluginHandle> PluginHandle::open(const std::string& path,
                                                 std::string_view expected_name) {
  std::shared_ptr<Library> library = load_library(path);
  check_abi(*library, path);
  auto handle = std::make_shared<PluginHandle>();
  try {
    handle->manifest_ = library->dll.get_alias<ManifestFn>("ael_plugin_manifest")();
  } catch (...) {
    throw Error("plugin file '" + path +
                "' failed to describe itself: " + current_exception_message());
  }
  check_manifest(handle->manifest_, path);
  if (!expected_name.empty() && handle->manifest_.name != expected_name) {
    throw Error("plugin file '" + path + "' declares the plugin '" + handle->manifest_.name +
                "', not '" + std::string(expected_name) + "'");
  }
  handle->factory_ = &library->dll.get_alias<FactoryFn>("ael_plugin_create");
  handle->path_ = path;
  handle->library_ = std::move(library);
  return handle;
}

std::shared_ptr<PluginHandle> PluginHandle::builtin(PluginManifest manifest,
                                                    BuiltinFactory factory) {
  check_manifest(manifest, "built-in");
  auto handle = std::make_shared<PluginHandle>();
  handle->manifest_ = std::move(manifest);
  handle->builtin_ = std::move(factory);
  return handle;
}

std::shared_ptr<PluginHandle> PluginHandle::scripted(PluginManifest manifest,
                                                     BuiltinFactory factory, std::string path) {
  check_manifest(manifest, path);
  auto handle = std::make_shared<PluginHandle>();
  handle->manifest_ = std::move(manifest);
  handle->builtin_ = std::move(factory);
  handle->path_ = std::move(path);
  return handle;
}

namespace {
// The deleter of every plugin object: destroys the object (its code is in the library),
// then drops the library reference it holds, which may unload the library.
struct KeepLibraryLoaded {
  std::shared_ptr<PluginHandle::Library> library;
  void operator()(PluginObject* object) const noexcept { delete object; }
};
}  // namespace

std::shared_ptr<PluginObject> PluginHandle::create_object(const Options& options) const {
  const std::vector<OptionProblem> problems = manifest_.options.check(options);
  if (!problems.empty()) {
    std::string message = "cannot create " + name() + ": ";
    for (std::size_t i = 0; i < problems.size(); ++i)
      message += (i ? "; " : "") + problems[i].message;
    throw Error(message);
  }
  PluginObject* raw = nullptr;
  std::unique_ptr<PluginObject> owned;
  try {
    if (factory_) {
      raw = factory_(options);
    } else {
      owned = builtin_(options);
      raw = owned.release();
    }
  } catch (...) {
    throw Error("plugin '" + name() + "' could not be created: " + current_exception_message());
  }
  if (!raw) throw Error("plugin '" + name() + "' could not be created: its factory returned null");
  std::shared_ptr<PluginObject> object(raw, KeepLibraryLoaded{library_});
  detail::PluginObjectAccess::set_plugin_name(*object, name());
  return object;
}

void PluginHandle::require_family(PluginFamily family) const {
  if (manifest_.family != family) {
    throw Error("plugin '" + name() + "' is a " + family_name(manifest_.family) + ", not a " +
                family_name(family));
  }
}

void PluginHandle::throw_not_a(PluginFamily family) const {
  throw Error("plugin '" + name() + "' says it is a " + family_name(manifest_.family) +
              " but its factory made an object of another type than ael::" +
              (family == PluginFamily::GradientOptimizer     ? "GradientOptimizer"
               : family == PluginFamily::PopulationOptimizer ? "PopulationOptimizer"
               : family == PluginFamily::Loss                ? "LossPlugin"
                                                             : "SymbolicRegressor"));
}

void set_plugin_name(PluginObject& object, std::string name) {
  detail::PluginObjectAccess::set_plugin_name(object, std::move(name));
}

}  // namespace ael::plugins

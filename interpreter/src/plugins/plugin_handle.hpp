// One plugin the host knows about: a loaded library (or a built-in factory) with its
// manifest, able to create objects of the plugin's family.
//
//   auto adam = registry.load("adam");                       // PluginHandle
//   ael::OptionValidation v = adam->validate(args);          // problems -> diagnostics
//   auto opt = adam->create<ael::GradientOptimizer>(v.value());
//
// Objects keep their library loaded: the shared_ptr's deleter holds a reference to it, so
// a library is unloaded only when the registry has forgotten it AND every object it made
// is gone.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "ael/options.hpp"
#include "ael/plugin.hpp"

namespace ael::plugins {

/// Makes an object of a built-in (compiled into libael or the host) plugin.
using BuiltinFactory = std::function<std::unique_ptr<PluginObject>(const Options&)>;

class PluginHandle {
 public:
  /// Loads a plugin library and checks, in this order: it loads at all, it exports
  /// ael_plugin_abi_version, the ABI version matches, the build traits match, the manifest
  /// is sound (name, family, option schema). `expected_name` (if not empty) must equal the
  /// manifest's name. Throws ael::Error naming the file and what is wrong.
  static std::shared_ptr<PluginHandle> open(const std::string& path,
                                            std::string_view expected_name = {});
  /// A plugin that lives in the host. Throws ael::Error when the manifest is not sound.
  static std::shared_ptr<PluginHandle> builtin(PluginManifest manifest, BuiltinFactory factory);
  /// A plugin written in a scripting language (a .lua file): made by `factory`, listed
  /// with its file. Throws ael::Error when the manifest is not sound.
  static std::shared_ptr<PluginHandle> scripted(PluginManifest manifest, BuiltinFactory factory,
                                                std::string path);

  const PluginManifest& manifest() const { return manifest_; }
  const std::string& name() const { return manifest_.name; }
  /// The library (or script) file; empty for built-ins.
  const std::string& path() const { return path_; }
  bool is_builtin() const { return path_.empty(); }

  /// Checks a call's arguments against the plugin's option schema (never throws).
  OptionValidation validate(const std::vector<OptionArg>& args) const {
    return manifest_.options.validate(args, manifest_.name);
  }

  /// Creates an object of the plugin's family interface I (GradientOptimizer, ...).
  /// Throws ael::Error when the plugin is of another family, when `options` do not match
  /// the schema, or when the plugin's factory throws (its message is passed on).
  template <class I>
  std::shared_ptr<I> create(const Options& options) const {
    static_assert(std::is_base_of_v<PluginObject, I>, "I must be an SDK family interface");
    require_family(I::family);
    std::shared_ptr<I> typed = std::dynamic_pointer_cast<I>(create_object(options));
    if (!typed) throw_not_a(I::family);
    return typed;
  }
  /// Validates `args` then creates (throws ael::Error listing every option problem).
  template <class I>
  std::shared_ptr<I> create(const std::vector<OptionArg>& args) const {
    return create<I>(validate(args).value());
  }

  /// The family-agnostic core of create().
  std::shared_ptr<PluginObject> create_object(const Options& options) const;

  struct Library;  // the loaded shared library (opaque: keeps Boost.DLL out of this header)

 private:
  void require_family(PluginFamily family) const;
  [[noreturn]] void throw_not_a(PluginFamily family) const;

  PluginManifest manifest_;
  std::string path_;
  std::shared_ptr<Library> library_;
  PluginObject* (*factory_)(const Options&) = nullptr;
  BuiltinFactory builtin_;
};

/// Names an object for error messages, as create() does (for objects made outside a
/// PluginHandle, e.g. a built-in constructed directly).
void set_plugin_name(PluginObject& object, std::string name);

}  // namespace ael::plugins

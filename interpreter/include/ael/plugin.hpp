// ael/plugin.hpp — the plugin SDK: families, manifests and the export macro.
//
// A plugin is a shared library `libael_<name>.so` built against the public headers in
// `ael/` only. It exports, with C linkage or through BOOST_DLL_ALIAS:
//
//   ael_plugin_abi_version()    extern "C", returns AEL_PLUGIN_ABI_VERSION. The loader calls
//                               it before touching any other symbol.
//   ael_plugin_build_traits()   extern "C", compiler/library settings that must agree with
//                               the host's (Eigen alignment, libstdc++ string ABI).
//   ael_plugin_manifest         alias of `ael::PluginManifest()`: name, family, version,
//                               description, option schema (copied out by the loader).
//   ael_plugin_create           alias of `ael::PluginObject*(const ael::Options&)`: the
//                               factory; the options were validated against the schema.
//
// A plugin source file writes all of that with one macro:
//
//   ael::PluginManifest manifest() { ... }
//   std::unique_ptr<ael::GradientOptimizer> create(const ael::Options& options) { ... }
//   AEL_PLUGIN(manifest, create)
//
// The family comes from the factory's return type (every SDK interface declares
// `static constexpr PluginFamily family`), so a manifest cannot claim the wrong one.
// See docs/plugins.md for a complete example.
#pragma once

#include "ael/export.h"

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include "ael/eigen.hpp"

#include "ael/options.hpp"

/// The plugin ABI this SDK speaks. Bump it whenever a change to any SDK header alters the
/// layout of a type or the set or order of virtual functions a plugin relies on.
///
/// 2: the second wave (declarative option tables, the slimmer population-optimizer
/// interface and its header-only base, op definitions with attribute docs and
/// forward-mode rules, loss ops over compiled skeletons, the tuner family). Every SDK
/// change of that wave lands under this one number; see docs/plugins.md "ABI history".
#define AEL_PLUGIN_ABI_VERSION 2u

namespace ael {

inline constexpr std::uint32_t kPluginAbiVersion = AEL_PLUGIN_ABI_VERSION;

/// What kind of object a plugin makes. Append-only: values are part of the ABI (a Tuner
/// family is planned; it will get the next number). Adding a value is compatible: a
/// plugin of an older family list still loads.
enum class PluginFamily : std::uint32_t {
  GradientOptimizer = 1,    ///< ael::GradientOptimizer (ael/optimizer.hpp)
  PopulationOptimizer = 2,  ///< ael::PopulationOptimizer (ael/optimizer.hpp)
  Loss = 3,                 ///< ael::LossPlugin (ael/loss.hpp)
  SymbolicRegressor = 4,    ///< ael::SymbolicRegressor (ael/symreg.hpp)
  DataSource = 5,           ///< ael::DataSource (ael/data_source.hpp)
  Callback = 6,             ///< ael::EventCallback (ael/callback.hpp)
};

/// "gradient optimizer", "population optimizer", "loss", "symbolic regressor", "data
/// source", "callback"; "unknown"
/// for a value this host does not know.
AEL_API const char* family_name(PluginFamily family);
/// True for the values listed above.
AEL_API bool is_known_family(PluginFamily family);

/// What a plugin says about itself.
struct AEL_API PluginManifest {
  std::string name;  ///< the script-level name; the file is libael_<name>.so
  PluginFamily family = PluginFamily::GradientOptimizer;  ///< set by AEL_PLUGIN
  std::string version;      ///< the plugin's own version, e.g. "1.0.0"
  std::string description;  ///< one line for `ael plugins`
  OptionSchema options;
};

namespace detail {
struct PluginObjectAccess;
}

/// Base of every object a plugin creates. Each family's interface derives from it and
/// declares `static constexpr PluginFamily family`. Its destructor is defined in libael
/// (a key function), so type information and exceptions work across the library boundary.
class AEL_API PluginObject {
 public:
  virtual ~PluginObject();
  PluginObject() = default;
  PluginObject(const PluginObject&) = default;
  PluginObject& operator=(const PluginObject&) = default;

  /// The plugin that made this object ("adam", "sgd" for built-ins), set by the host when
  /// it creates the object; used to name the plugin in errors.
  const std::string& plugin_name() const { return plugin_name_; }

 private:
  friend struct detail::PluginObjectAccess;
  std::string plugin_name_;
};

namespace detail {

/// The settings host and plugin must share beyond the ABI version: Eigen's heap alignment
/// (Eigen frees with its own aligned free, so both sides must agree) and libstdc++'s string
/// ABI. Packed into one number so the check needs no C++ types.
constexpr std::uint32_t build_traits() {
  std::uint32_t traits = static_cast<std::uint32_t>(EIGEN_MAX_ALIGN_BYTES) & 0xFFFFu;
#if defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI
  traits |= 1u << 16;
#endif
  traits |= static_cast<std::uint32_t>(sizeof(std::string) & 0xFFu) << 20;
  return traits;
}

template <class Factory>
using factory_result_t = decltype(std::declval<Factory&>()(std::declval<const Options&>()));

/// The interface a factory makes: `std::unique_ptr<I> f(const Options&)` gives I.
template <class Factory>
struct factory_interface {
  using result = factory_result_t<Factory>;
  static_assert(std::is_same_v<result, std::unique_ptr<typename result::element_type>>,
                "an AEL plugin factory must return std::unique_ptr<Interface>");
  using type = typename result::element_type;
  static_assert(std::is_base_of_v<PluginObject, type>,
                "the factory's interface must derive from ael::PluginObject");
};

}  // namespace detail
}  // namespace ael

/// Exports a plugin. `manifest_fn` is a function returning ael::PluginManifest; `factory_fn`
/// is a function `std::unique_ptr<Interface>(const ael::Options&)` where Interface is an SDK
/// family interface (ael::GradientOptimizer, ael::PopulationOptimizer, ael::LossPlugin,
/// ael::SymbolicRegressor). Use once per library, at global scope.
#define AEL_PLUGIN(manifest_fn, factory_fn)                                                  \
  extern "C" BOOST_SYMBOL_EXPORT std::uint32_t ael_plugin_abi_version() noexcept {           \
    return AEL_PLUGIN_ABI_VERSION;                                                           \
  }                                                                                          \
  extern "C" BOOST_SYMBOL_EXPORT std::uint32_t ael_plugin_build_traits() noexcept {          \
    return ::ael::detail::build_traits();                                                    \
  }                                                                                          \
  namespace {                                                                                \
  namespace ael_plugin_entry {                                                               \
  using ael_entry_interface_ = ::ael::detail::factory_interface<decltype(factory_fn)>::type; \
  ::ael::PluginManifest ael_entry_manifest_() {                                              \
    ::ael::PluginManifest m = manifest_fn();                                                 \
    m.family = ael_entry_interface_::family;                                                 \
    return m;                                                                                \
  }                                                                                          \
  ::ael::PluginObject* ael_entry_create_(const ::ael::Options& options) {                    \
    return factory_fn(options).release();                                                    \
  }                                                                                          \
  }                                                                                          \
  }                                                                                          \
  BOOST_DLL_ALIAS(ael_plugin_entry::ael_entry_manifest_, ael_plugin_manifest)                \
  BOOST_DLL_ALIAS(ael_plugin_entry::ael_entry_create_, ael_plugin_create)

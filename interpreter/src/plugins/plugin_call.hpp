// Calls into plugin code with the plugin named in any error that comes out:
//
//   plugins::guarded_call(*optimizer, "tell", [&] { optimizer->tell(losses); });
//   -> ael::Error "plugin 'de' failed in tell(): <the plugin's message>"
//
// The caller's state before the call is untouched, so it can keep its last checkpoint.
#pragma once

#include <utility>

#include "ael/plugin.hpp"

namespace ael::plugins {

/// Rethrows the exception being handled as an ael::Error prefixed with the plugin's name
/// and the operation. Call only inside a catch block.
[[noreturn]] void rethrow_plugin_failure(const PluginObject& object, const char* operation);

template <class F>
decltype(auto) guarded_call(const PluginObject& object, const char* operation, F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (...) {
    rethrow_plugin_failure(object, operation);
  }
}

}  // namespace ael::plugins

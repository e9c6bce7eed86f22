// Host-side access to PluginObject's private name (set once, when the host creates the
// object, so errors can name the plugin).
#pragma once

#include <string>

#include "ael/plugin.hpp"

namespace ael::detail {

struct PluginObjectAccess {
  static void set_plugin_name(PluginObject& object, std::string name) {
    object.plugin_name_ = std::move(name);
  }
};

}  // namespace ael::detail

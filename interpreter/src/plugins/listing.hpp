// The text of `ael plugins` and `ael plugins NAME`.
#pragma once

#include <string>
#include <string_view>

#include "plugins/registry.hpp"

namespace ael::plugins {

/// Every plugin found (name, family, version, one-line description), the files that could
/// not be loaded, and the folders searched. Loads every plugin file to read its manifest.
std::string plugin_listing(PluginRegistry& registry);

/// One plugin in detail: version, family, file, description and every option with its
/// type, default, allowed range or choices, and doc. Throws ael::Error when not found.
std::string plugin_details(PluginRegistry& registry, std::string_view name);

}  // namespace ael::plugins

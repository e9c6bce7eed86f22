// Helpers the plugin tests share.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "ael/diagnostic.hpp"
#include "plugins/registry.hpp"

namespace ael::test {

/// A registry that looks only in `dirs` (no environment, build or install folders).
inline plugins::RegistryConfig only_dirs(std::vector<std::string> dirs) {
  plugins::RegistryConfig c;
  c.extra_dirs = std::move(dirs);
  c.use_environment = c.use_build_dir = c.use_install_dir = false;
  return c;
}

/// The message of the ael::Error `f` throws, or "<no error>".
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace ael::test

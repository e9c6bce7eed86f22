#include "util/install_layout.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <system_error>

#include "build_config.hpp"

namespace fs = std::filesystem;

namespace ael::util {
namespace {

// The folder holding the shared object this function was compiled into.
std::string own_library_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&own_library_dir), &info) == 0 || !info.dli_fname) return "";
  std::error_code ec;
  const fs::path lib = fs::weakly_canonical(fs::path(info.dli_fname), ec);
  return ec ? "" : lib.parent_path().string();
}

const std::string& library_dir() {
  static const std::string dir = own_library_dir();
  return dir;
}

bool same_folder(const std::string& a, const std::string& b) {
  std::error_code ec;
  return !a.empty() && fs::equivalent(a, b, ec) && !ec;
}

}  // namespace

bool running_from_build_tree() {
  static const bool in_build = same_folder(library_dir(), AEL_BUILD_LIB_DIR) ||
                               same_folder(library_dir(), AEL_BUILD_BIN_DIR);
  return in_build;
}

std::string installed_plugin_dir() {
  if (running_from_build_tree() || library_dir().empty()) return AEL_INSTALL_PLUGIN_DIR;
  return (fs::path(library_dir()) / "ael" / "plugins").lexically_normal().string();
}

std::string installed_stdlib_dir() {
  if (running_from_build_tree() || library_dir().empty()) return AEL_INSTALL_STDLIB_DIR;
  return (fs::path(library_dir()) / AEL_LIB_TO_DATA_DIR / "ael" / "stdlib")
      .lexically_normal()
      .string();
}

}  // namespace ael::util

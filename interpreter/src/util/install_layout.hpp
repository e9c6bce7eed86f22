// Where the stdlib and the plugins are, found from where libael itself was loaded.
//
// A build tree runs in place (the source stdlib, the build's plugin folder). An installed
// libael looks beside itself: <libdir>/ael/plugins and <libdir>/<datadir rel>/ael/stdlib,
// so a package unpacked or installed under any prefix (`cmake --install --prefix X`,
// a Debian package, a Python wheel's folder) finds its own files, not the prefix the
// build was configured with.
#pragma once

#include <string>

namespace ael::util {

/// True when this libael is the one in the build tree's lib folder.
bool running_from_build_tree();
/// The plugin folder of an installed libael (beside it), or the configured install path
/// when the library's own location cannot be found.
std::string installed_plugin_dir();
/// The stdlib folder of an installed libael, found the same way.
std::string installed_stdlib_dir();

}  // namespace ael::util

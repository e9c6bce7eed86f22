// Helpers shared by the test binaries.
#pragma once

#include <string>

namespace ael::test {

/// Absolute path of a file in the source tree ("scripts/demo.ael").
std::string source_path(const std::string& relative);
/// A fresh empty directory under the build tree, removed at exit.
std::string temp_dir(const std::string& name);
/// Makes `dir` the current directory (where scripts' relative paths land) until destroyed.
/// Each test runs in its own process (gtest_discover_tests), so this is not shared.
class CurrentDir {
 public:
  explicit CurrentDir(const std::string& dir);
  ~CurrentDir();
  CurrentDir(const CurrentDir&) = delete;
  CurrentDir& operator=(const CurrentDir&) = delete;

 private:
  std::string previous_;
};
/// Reads a whole file; throws when it cannot.
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

/// Result of running the `ael` executable.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
/// Runs `ael <args>` (args are passed to /bin/sh, quote as needed) with optional stdin.
CommandResult run_cli(const std::string& args, const std::string& stdin_text = {});

}  // namespace ael::test

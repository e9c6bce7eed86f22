#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ael::test {
namespace fs = std::filesystem;

std::string source_path(const std::string& relative) {
  return (fs::path(AEL_TEST_SOURCE_DIR) / relative).string();
}

std::string temp_dir(const std::string& name) {
  fs::path dir =
      fs::path(AEL_TEST_BINARY_DIR) / "test-tmp" / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

CurrentDir::CurrentDir(const std::string& dir) : previous_(fs::current_path().string()) {
  fs::current_path(dir);
}

CurrentDir::~CurrentDir() {
  std::error_code ignored;
  fs::current_path(previous_, ignored);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << text;
}

CommandResult run_cli(const std::string& args, const std::string& stdin_text) {
  const std::string dir = temp_dir("cli");
  const std::string in = dir + "/stdin", out = dir + "/stdout", err = dir + "/stderr";
  write_text(in, stdin_text);
  const std::string cmd = std::string("'") + AEL_TEST_CLI + "' " + args + " <'" + in + "' >'" +
                          out + "' 2>'" + err + "'";
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  fs::remove_all(dir);
  return r;
}

}  // namespace ael::test

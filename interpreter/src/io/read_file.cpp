#include "io/read_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "ael/diagnostic.hpp"

namespace ael::io {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

[[noreturn]] void fail_errno(const std::string& path, const char* what) {
  throw Error(path + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

std::string read_file(const std::string& path) {
  std::error_code ec;
  // fopen succeeds on a folder under Linux; say what is wrong instead of "Is a directory"
  // from a later read.
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(path + ": cannot open: it is a folder, not a file");
  }
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) fail_errno(path, "cannot open");

  std::string bytes;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(file.get());
    if (size > 0) bytes.reserve(static_cast<std::size_t>(size));
    std::rewind(file.get());
  }
  char chunk[1 << 16];
  for (;;) {
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, file.get());
    bytes.append(chunk, got);
    if (got < sizeof chunk) break;
  }
  if (std::ferror(file.get())) fail_errno(path, "cannot read");
  return bytes;
}

}  // namespace ael::io

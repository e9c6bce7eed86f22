#include "io/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
  const int error = errno;
  std::string message = path + ": " + what + ": " + std::strerror(error);
  // Relative paths are relative to the current directory (docs/language.md): say which.
  if (error == ENOENT && !path.empty() && path[0] != '/') {
    std::error_code ec;
    const std::string cwd = std::filesystem::current_path(ec).string();
    if (!ec) message += " (relative to the current directory " + cwd + ")";
  }
  throw Error(message);
}

// What a path that is not a regular file is, for the message.
const char* special_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a pipe (FIFO)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

std::string read_file(const std::string& path) {
  // Only regular files: a FIFO would block (open waits for a writer), /dev/zero never
  // ends and /dev/stdin is the script's input (`ael run -` reads that on purpose).
  // O_NONBLOCK makes the open itself return at once on a FIFO; fstat then says what the
  // path is, so a path swapped between a check and the open cannot slip through.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) fail_errno(path, "cannot open");
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    fail_errno(path, "cannot open");
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    throw Error(path + ": cannot open: it is " + std::string(special_kind(info.st_mode)) +
                ", not a file");
  }
  std::unique_ptr<std::FILE, FileCloser> file(::fdopen(fd, "rb"));
  if (!file) {
    ::close(fd);
    fail_errno(path, "cannot open");
  }

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

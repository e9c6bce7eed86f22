#include "io/atomic_file.hpp"
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "ael/diagnostic.hpp"

namespace ael::io {
namespace {

constexpr std::size_t kBufferSize = 1 << 16;

std::string reason() { return std::strerror(errno); }

std::string folder_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Opens a fresh temporary file next to `path`. O_EXCL makes a name collision (another
// process, another writer for the same target) impossible to miss: we just try the next one.
int open_temp(const std::string& path, std::string& temp_path) {
  static std::atomic<unsigned long> counter{0};
  const std::string folder = folder_of(path);
  // Output folders are created on demand (`log = "runs/a.csv"` just works).
  std::error_code ignored;
  std::filesystem::create_directories(folder, ignored);
  const auto slash = path.find_last_of('/');
  const std::string prefix = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  for (int attempt = 0; attempt < 1000; ++attempt) {
    temp_path = prefix + "." + base_of(path) + ".tmp." + std::to_string(::getpid()) + "." +
                std::to_string(counter.fetch_add(1));
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    if (errno != EEXIST) {
      throw Error(path + ": cannot create a temporary file in folder '" + folder +
                  "': " + reason());
    }
  }
  throw Error(path + ": cannot create a temporary file in folder '" + folder +
              "': too many name collisions");
}

void write_all(int fd, const char* data, std::size_t size, const std::string& path) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(path + ": cannot write: " + reason());
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Makes the rename durable. Some file systems refuse fsync on a folder (EINVAL); the rename
// has still happened, so that is not an error worth failing a save for.
void sync_folder(const std::string& path) {
  const int dir = ::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return;
  ::fsync(dir);
  ::close(dir);
}

}  // namespace

void write_file_atomic(const std::string& path, std::string_view contents) {
  AtomicWriter writer(path);
  writer.write(contents);
  writer.commit();
}

AtomicWriter::AtomicWriter(std::string path) : path_(std::move(path)) {
  if (path_.empty()) throw Error("cannot write a file with an empty name");
  buffer_.reserve(kBufferSize);  // before the file exists: nothing to clean up if it throws
  fd_ = open_temp(path_, temp_path_);
  struct stat existing;
  if (::stat(path_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
    ::fchmod(fd_, existing.st_mode & 07777);
  }
}

AtomicWriter::~AtomicWriter() { abandon(); }

AtomicWriter::AtomicWriter(AtomicWriter&& other) noexcept
    : path_(std::move(other.path_)),
      temp_path_(std::move(other.temp_path_)),
      buffer_(std::move(other.buffer_)),
      fd_(std::exchange(other.fd_, -1)),
      committed_(other.committed_) {
  other.temp_path_.clear();
}

AtomicWriter& AtomicWriter::operator=(AtomicWriter&& other) noexcept {
  if (this != &other) {
    abandon();
    path_ = std::move(other.path_);
    temp_path_ = std::move(other.temp_path_);
    buffer_ = std::move(other.buffer_);
    fd_ = std::exchange(other.fd_, -1);
    committed_ = other.committed_;
    other.temp_path_.clear();
  }
  return *this;
}

void AtomicWriter::write(std::string_view bytes) {
  if (fd_ < 0) throw Error(path_ + ": cannot write: the file was already committed or abandoned");
  if (buffer_.size() + bytes.size() > kBufferSize) {
    flush_buffer();
    if (bytes.size() >= kBufferSize) {
      write_all(fd_, bytes.data(), bytes.size(), path_);
      return;
    }
  }
  buffer_.append(bytes.data(), bytes.size());
}

void AtomicWriter::flush_buffer() {
  write_all(fd_, buffer_.data(), buffer_.size(), path_);
  buffer_.clear();
}

void AtomicWriter::commit() {
  if (committed_) throw Error(path_ + ": already committed");
  if (fd_ < 0) throw Error(path_ + ": cannot commit: the file was abandoned");
  flush_buffer();
  if (::fsync(fd_) != 0) throw Error(path_ + ": cannot sync to disk: " + reason());
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) throw Error(path_ + ": cannot write: " + reason());
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    throw Error(path_ + ": cannot replace the file: " + reason());
  }
  temp_path_.clear();
  committed_ = true;
  sync_folder(path_);
}

void AtomicWriter::close_fd() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

void AtomicWriter::abandon() noexcept {
  close_fd();
  if (!temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
  }
  buffer_.clear();
}

}  // namespace ael::io

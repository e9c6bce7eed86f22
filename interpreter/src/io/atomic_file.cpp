#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>
#include <string_view>
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

// The host part of temporary names: a pid only identifies a process on its own machine,
// and a folder may be shared between machines (MPI runs on a network file system).
const std::string& host_tag() {
  static const std::string tag = [] {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return std::string("host");
    std::string h(name);
    for (char& c : h) {
      if (c == '/' || static_cast<unsigned char>(c) < 0x21) c = '-';
    }
    return h.substr(0, 64);
  }();
  return tag;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 18 &&
         s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Whether `name` is a temporary file for `base` (".<base>.tmp.<host>.<pid>.<n>") left by
// a process of this host that no longer runs: it was killed during a save.
bool is_stale_temp(std::string_view name, const std::string& base) {
  const std::string lead = "." + base + ".tmp.";
  if (name.substr(0, lead.size()) != lead) return false;
  std::string_view rest = name.substr(lead.size());  // host.pid.n; the host may hold dots
  const auto last = rest.rfind('.');
  if (last == std::string_view::npos || !all_digits(rest.substr(last + 1))) return false;
  rest = rest.substr(0, last);
  const auto dot = rest.rfind('.');
  if (dot == std::string_view::npos || rest.substr(0, dot) != host_tag()) return false;
  const std::string_view pid_text = rest.substr(dot + 1);
  if (!all_digits(pid_text)) return false;
  const long long pid = std::stoll(std::string(pid_text));
  if (pid <= 0 || pid > INT32_MAX || pid == ::getpid()) return false;
  // EPERM means the process exists under another user: not stale.
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

// Removes what killed saves to `path` left behind, once per target and process (a log
// rewritten every epoch scans its folder once).
void remove_stale_temps(const std::string& path) {
  static std::mutex mutex;
  static std::set<std::string> cleaned;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!cleaned.insert(path).second) return;
  }
  std::error_code ec;
  std::filesystem::directory_iterator it(folder_of(path), ec);
  if (ec) return;
  const std::string base = base_of(path);
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return;
    const std::string name = it->path().filename().string();
    if (!is_stale_temp(name, base)) continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec) || it->is_symlink(type_ec)) continue;
    std::filesystem::remove(it->path(), type_ec);
  }
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
    temp_path = prefix + "." + base_of(path) + ".tmp." + host_tag() + "." +
                std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
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
  remove_stale_temps(path_);
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

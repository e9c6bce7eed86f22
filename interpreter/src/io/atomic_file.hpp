// Atomic file output: a file either keeps its old content or has the complete new content,
// never a half-written mix, even when the process crashes or the disk fills up.
//
// The bytes go to a temporary file in the same folder (".<name>.tmp.<host>.<pid>.<n>"),
// which is fsync'ed and then renamed over the target (rename is atomic within a file
// system); the folder is fsync'ed afterwards so the rename itself survives a power cut. On
// any failure the temporary file is removed. Used for logs, checkpoints, saved models and
// exports.
//
// kill -9 during a save leaves the temporary file behind (nothing can run to remove it).
// The first save to the same target in a later process removes such leftovers: files of
// that exact name pattern whose host is this one and whose pid no longer runs. Files of a
// live process, of another host (shared folders) or of any other name are never touched.
#pragma once

#include <string>
#include <string_view>

namespace ael::io {

/// Writes `contents` to `path` atomically. Throws ael::Error naming the path on failure
/// (missing folder, no permission, disk full, target is a folder...).
void write_file_atomic(const std::string& path, std::string_view contents);

/// Incremental atomic output: bytes are written to a temporary file, and `path` only appears
/// (or is replaced) at commit(). Destroying the writer without commit() removes the
/// temporary file and leaves `path` untouched.
///
/// If `path` already exists its permission bits are kept; a new file gets 0666 & ~umask.
class AtomicWriter {
 public:
  /// Creates the temporary file next to `path`. Throws ael::Error when it cannot.
  explicit AtomicWriter(std::string path);
  ~AtomicWriter();
  AtomicWriter(AtomicWriter&& other) noexcept;
  AtomicWriter& operator=(AtomicWriter&& other) noexcept;
  AtomicWriter(const AtomicWriter&) = delete;
  AtomicWriter& operator=(const AtomicWriter&) = delete;

  /// Appends bytes (buffered). Throws ael::Error on a write error; the writer is then
  /// unusable except for abandon() and destruction.
  void write(std::string_view bytes);
  AtomicWriter& operator<<(std::string_view bytes) {
    write(bytes);
    return *this;
  }

  /// Flushes, fsyncs and renames the temporary file to `path`. Calling it twice is an error.
  void commit();
  /// Removes the temporary file now (the destructor does the same).
  void abandon() noexcept;

  bool committed() const { return committed_; }
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }

 private:
  void flush_buffer();
  void close_fd() noexcept;

  std::string path_;
  std::string temp_path_;
  std::string buffer_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace ael::io

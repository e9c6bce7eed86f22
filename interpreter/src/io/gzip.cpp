#include "io/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>

#include "ael/diagnostic.hpp"
#include "io/read_file.hpp"

namespace ael::io {
namespace {

// windowBits + 16: zlib reads and writes the gzip wrapper instead of the zlib one.
constexpr int kGzipWindowBits = 15 + 16;

// zlib counts in uInt; feed very large inputs in pieces.
constexpr std::size_t kMaxChunk = UINT_MAX / 2;

// The gzip trailer stores the uncompressed size modulo 2^32: a good first guess for a
// single-member file, capped so a corrupt trailer cannot make us allocate gigabytes.
std::size_t size_hint(std::string_view compressed) {
  if (compressed.size() < 18) return compressed.size();
  const auto* tail =
      reinterpret_cast<const unsigned char*>(compressed.data()) + compressed.size() - 4;
  const std::uint32_t isize =
      tail[0] | (tail[1] << 8) | (tail[2] << 16) | (static_cast<std::uint32_t>(tail[3]) << 24);
  return std::min<std::size_t>(isize, compressed.size() * 1032 + 64);
}

class Inflater {
 public:
  explicit Inflater(const std::string& name) : name_(name) {
    if (inflateInit2(&stream_, kGzipWindowBits) != Z_OK) {
      throw Error(name_ + ": cannot start gzip decompression (out of memory)");
    }
  }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  std::string run(std::string_view in) {
    std::string out;
    out.resize(std::max<std::size_t>(size_hint(in), 1024));
    std::size_t produced = 0, consumed = 0;
    bool member_done = false;
    while (true) {
      if (stream_.avail_in == 0 && consumed < in.size()) {
        const std::size_t n = std::min(kMaxChunk, in.size() - consumed);
        stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + consumed));
        stream_.avail_in = static_cast<uInt>(n);
        consumed += n;
      }
      if (produced == out.size()) out.resize(out.size() * 2);
      const std::size_t room = std::min(kMaxChunk, out.size() - produced);
      stream_.next_out = reinterpret_cast<Bytef*>(&out[produced]);
      stream_.avail_out = static_cast<uInt>(room);
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      produced += room - stream_.avail_out;
      if (rc == Z_STREAM_END) {
        member_done = true;
        const std::size_t left = stream_.avail_in + (in.size() - consumed);
        if (left == 0) break;
        const std::string_view rest = in.substr(in.size() - left);
        if (!is_gzip(rest)) {
          throw Error(name_ + ": " + std::to_string(left) +
                      " bytes of trailing data after the gzip stream");
        }
        inflateReset(&stream_);
        member_done = false;
        continue;
      }
      if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
        throw Error(name_ + ": corrupt gzip data" +
                    (stream_.msg ? std::string(" (") + stream_.msg + ")" : std::string()));
      }
      if (rc == Z_MEM_ERROR) throw Error(name_ + ": out of memory while decompressing");
      // Z_BUF_ERROR: no progress possible. With input left that means "more output room"
      // (handled by the loop); with no input left the stream ended early.
      const bool input_exhausted = stream_.avail_in == 0 && consumed == in.size();
      if (input_exhausted && stream_.avail_out > 0) break;
    }
    if (!member_done) {
      throw Error(name_ + ": truncated gzip data (the compressed stream ends early)");
    }
    out.resize(produced);
    return out;
  }

 private:
  std::string name_;
  z_stream stream_{};
};

}  // namespace

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view compressed, const std::string& name) {
  if (!is_gzip(compressed)) throw Error(name + ": not gzip data (wrong magic number)");
  return Inflater(name).run(compressed);
}

std::string gzip_compress(std::string_view data, int level) {
  if (data.size() > kMaxChunk) throw Error("gzip: input too large to compress in one piece");
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw Error("gzip: cannot start compression (bad level " + std::to_string(level) + ")");
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())) + 64);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  const std::size_t produced = stream.total_out;
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) throw Error("gzip: compression failed");
  out.resize(produced);
  return out;
}

std::string read_gzip_file(const std::string& path) { return gunzip(read_file(path), path); }

std::string read_file_maybe_gzip(const std::string& path) {
  std::string bytes = read_file(path);
  if (is_gzip(bytes)) return gunzip(bytes, path);
  return bytes;
}

}  // namespace ael::io

// gzip (RFC 1952) compression and decompression through zlib.
//
// `name` arguments are only used in error messages ("train-images.gz: truncated gzip data").
#pragma once

#include <string>
#include <string_view>

namespace ael::io {

/// True when `bytes` starts with the gzip magic number (1f 8b).
bool is_gzip(std::string_view bytes);

/// Decompresses a whole gzip stream (several concatenated members are allowed, as gzip(1)
/// produces them). Throws ael::Error for corrupt or truncated data and for trailing bytes
/// that are not another gzip member.
std::string gunzip(std::string_view compressed, const std::string& name);

/// Compresses `data` as one gzip member (level 0..9, -1: zlib's default).
std::string gzip_compress(std::string_view data, int level = -1);

/// Reads and decompresses a .gz file.
std::string read_gzip_file(const std::string& path);

/// Reads a file and decompresses it when it starts with the gzip magic number, so callers
/// accept "x.idx" and "x.idx.gz" alike.
std::string read_file_maybe_gzip(const std::string& path);

}  // namespace ael::io

// safetensors: the tensor file format read by Python's `safetensors` and PyTorch.
//
// Layout: an 8-byte little-endian header length N, N bytes of JSON
//   {"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...,
//    "__metadata__": {"key": "value"}}
// (padded with spaces to a multiple of 8), then the raw little-endian tensor data; offsets
// are relative to the end of the header. Tensors are written in the order they were added
// and read back in the order of their data. Dtypes: F32, F64, I32, I64, U8.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/ndarray.hpp"

namespace ael::io {

class TensorFile {
 public:
  /// Adds a tensor. Throws ael::Error for a duplicate or reserved name ("__metadata__") or
  /// when the value count does not match the shape.
  void add(std::string name, NdArray array);
  /// The tensor called `name`, or nullptr.
  const NdArray* find(std::string_view name) const;
  /// The tensor called `name`; throws ael::Error listing the names present when absent.
  const NdArray& at(std::string_view name) const;

  const std::vector<std::pair<std::string, NdArray>>& tensors() const { return tensors_; }
  std::size_t size() const { return tensors_.size(); }

  /// Free-form string metadata (the "__metadata__" entry).
  std::map<std::string, std::string> metadata;

 private:
  std::vector<std::pair<std::string, NdArray>> tensors_;
};

/// The file's bytes.
std::string encode_safetensors(const TensorFile& file);
/// Parses safetensors bytes; `name` is used in error messages. Validates the header length,
/// the JSON, dtypes, shapes and offsets (in range, sized to match, no overlap, no gap).
TensorFile decode_safetensors(std::string_view bytes, const std::string& name);

/// Writes atomically (temp file + rename).
void write_safetensors(const std::string& path, const TensorFile& file);
TensorFile read_safetensors(const std::string& path);

}  // namespace ael::io

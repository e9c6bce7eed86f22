// The NPY header: a Python dict literal with 'descr', 'fortran_order' and 'shape'.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/ndarray.hpp"

namespace ael::data {

struct NpyHeader {
  io::DType dtype = io::DType::F64;
  bool big_endian = false;
  bool fortran_order = false;
  std::vector<std::int64_t> shape;
};

/// Parses the dict text (after the length field). Throws ael::Error("<name>: ...") for
/// malformed text, missing or unknown keys, and unsupported dtypes.
NpyHeader parse_npy_header(std::string_view text, const std::string& name);

/// "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }" (little-endian dtype).
std::string format_npy_header(io::DType dtype, bool fortran_order,
                              const std::vector<std::int64_t>& shape);

}  // namespace ael::data

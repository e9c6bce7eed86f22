// NPY files (numpy's .npy format, versions 1.0, 2.0 and 3.0 on read; 1.0 or 2.0 on write).
//
// Layout: "\x93NUMPY", major and minor version bytes, the header length (2 bytes
// little-endian in 1.0, 4 bytes in 2.0/3.0), a Python dict literal
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
// padded with spaces and '\n' so the data starts at a multiple of 64, then the raw values.
// Supported dtypes: float32, float64, int32, int64 (either byte order), uint8. Fortran-order
// files are reordered to C order on read; writing can produce either order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.hpp"
#include "io/ndarray.hpp"

namespace ael::data {

struct NpyWriteOptions {
  bool fortran_order = false;
  /// 1 or 2; 0 picks 1.0 unless the header needs more than 65535 bytes.
  int version = 0;
};

io::NdArray read_npy(const std::string& path);
/// Parses NPY bytes; `name` stands for the file in error messages.
io::NdArray decode_npy(std::string_view bytes, const std::string& name);

/// Writes atomically. The array's dtype decides the stored type (values must fit it).
void write_npy(const std::string& path, const io::NdArray& array,
               const NpyWriteOptions& options = {});
std::string encode_npy(const io::NdArray& array, const NpyWriteOptions& options = {});

/// numpy convention (one sample per row) to AEL's (one sample per column): a 2-D array
/// (n, d) becomes d features x n samples; a 1-D array (n) one feature. `names` as in Dataset.
Dataset dataset_from_npy(const io::NdArray& array, std::vector<std::string> names = {});
/// The reverse: a Dataset as an (samples, features) array of `dtype`.
io::NdArray dataset_to_npy(const Dataset& data, io::DType dtype = io::DType::F64);

}  // namespace ael::data

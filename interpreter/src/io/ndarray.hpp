// NdArray: an n-dimensional array of numbers as stored in files (NPY, safetensors).
//
// Values are held as doubles in C (row-major) order whatever the file's element type; the
// dtype records what the file holds or what should be written. Integers beyond 2^53 lose
// precision (AEL computes in double). A 2-D array of shape (r, c) maps to an r x c Eigen
// matrix with the same indices, so a PyTorch Linear weight [out, in] is an out x in matrix.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace ael::io {

enum class DType { F32, F64, I32, I64, U8 };

/// Bytes per element.
std::size_t dtype_size(DType dtype);
/// "float32", "float64", "int32", "int64", "uint8".
const char* dtype_name(DType dtype);

struct NdArray {
  DType dtype = DType::F64;
  std::vector<std::int64_t> shape;  ///< empty: a scalar (one value)
  std::vector<double> values;       ///< C order; size == element_count()

  /// Product of the shape (1 for a scalar). Throws ael::Error on a negative dimension.
  std::int64_t element_count() const;
  /// 0-D -> 1x1, 1-D (n) -> n x 1, 2-D (r, c) -> r x c. Throws for more dimensions.
  Eigen::MatrixXd to_matrix() const;
  /// A 2-D array with the matrix's shape and indices.
  static NdArray from_matrix(const Eigen::MatrixXd& matrix, DType dtype = DType::F64);
};

/// "3 x 4" ("scalar" for an empty shape).
std::string shape_string(const std::vector<std::int64_t>& shape);

/// Product of `shape` times `element_size`, or throws ael::Error("<what>: shape ... is too
/// large") when it does not fit in 62 bits (guards against corrupt headers).
std::uint64_t checked_byte_count(const std::vector<std::int64_t>& shape, std::size_t element_size,
                                 const std::string& what);

/// Decodes `count` elements of `dtype` from `bytes` into `out` (little-endian unless
/// `big_endian`). Independent of the host's byte order.
void decode_elements(const unsigned char* bytes, std::size_t count, DType dtype, bool big_endian,
                     double* out);

/// Appends `count` values to `out` as little-endian `dtype`. Throws ael::Error("<what>: value
/// 1.5 at index 3 is not representable as int32") when a value does not fit the type.
void encode_elements(const double* values, std::size_t count, DType dtype, std::string& out,
                     const std::string& what);

}  // namespace ael::io

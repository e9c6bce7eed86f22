#include "io/ndarray.hpp"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "ael/diagnostic.hpp"
#include "io/number_text.hpp"

namespace ael::io {
namespace {

std::uint64_t load_bits(const unsigned char* p, std::size_t size, bool big_endian) {
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const std::size_t byte = big_endian ? i : size - 1 - i;
    bits = (bits << 8) | p[byte];
  }
  return bits;
}

void store_bits(std::uint64_t bits, std::size_t size, char* out) {
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>((bits >> (8 * i)) & 0xff);
}

double decode_one(std::uint64_t bits, DType dtype) {
  switch (dtype) {
    case DType::F32: {
      const auto b32 = static_cast<std::uint32_t>(bits);
      float f;
      std::memcpy(&f, &b32, sizeof f);
      return f;
    }
    case DType::F64: {
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return d;
    }
    case DType::I32:
      return static_cast<std::int32_t>(static_cast<std::uint32_t>(bits));
    case DType::I64:
      return static_cast<double>(static_cast<std::int64_t>(bits));
    case DType::U8:
      return static_cast<double>(bits);
  }
  return 0.0;
}

[[noreturn]] void not_representable(double v, std::size_t index, DType dtype,
                                    const std::string& what) {
  throw Error(what + ": value " + number_text(v) + " at index " + std::to_string(index) +
              " is not representable as " + dtype_name(dtype));
}

// Integer types accept only whole numbers inside their range; float32 rejects finite values
// that would overflow to infinity (NaN and infinities pass through as themselves).
std::uint64_t encode_one(double v, std::size_t index, DType dtype, const std::string& what) {
  switch (dtype) {
    case DType::F32: {
      if (std::isfinite(v) && std::fabs(v) > FLT_MAX) not_representable(v, index, dtype, what);
      const float f = static_cast<float>(v);
      std::uint32_t b32;
      std::memcpy(&b32, &f, sizeof b32);
      return b32;
    }
    case DType::F64: {
      std::uint64_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      return bits;
    }
    case DType::I32:
    case DType::I64:
    case DType::U8: {
      const double lo = dtype == DType::U8 ? 0.0 : dtype == DType::I32 ? -2147483648.0 : -0x1p63;
      const double hi = dtype == DType::U8 ? 255.0 : dtype == DType::I32 ? 2147483647.0 : 0x1p63;
      // hi for int64 is exclusive: 2^63 itself does not fit.
      const bool in_range = dtype == DType::I64 ? (v >= lo && v < hi) : (v >= lo && v <= hi);
      if (!in_range || std::trunc(v) != v) not_representable(v, index, dtype, what);
      return static_cast<std::uint64_t>(static_cast<std::int64_t>(v));
    }
  }
  return 0;
}

}  // namespace

std::size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::F32:
      return 4;
    case DType::F64:
      return 8;
    case DType::I32:
      return 4;
    case DType::I64:
      return 8;
    case DType::U8:
      return 1;
  }
  return 0;
}

const char* dtype_name(DType dtype) {
  switch (dtype) {
    case DType::F32:
      return "float32";
    case DType::F64:
      return "float64";
    case DType::I32:
      return "int32";
    case DType::I64:
      return "int64";
    case DType::U8:
      return "uint8";
  }
  return "?";
}

std::int64_t NdArray::element_count() const {
  return static_cast<std::int64_t>(checked_byte_count(shape, 1, "array"));
}

Eigen::MatrixXd NdArray::to_matrix() const {
  if (static_cast<std::int64_t>(values.size()) != element_count()) {
    throw Error("array of shape " + shape_string(shape) + " holds " +
                std::to_string(values.size()) + " values");
  }
  if (shape.size() > 2) {
    throw Error("cannot use an array of shape " + shape_string(shape) +
                " as a matrix (it has more than 2 dimensions)");
  }
  const Eigen::Index rows = shape.empty() ? 1 : shape[0];
  const Eigen::Index cols = shape.size() == 2 ? shape[1] : 1;
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  return Eigen::Map<const RowMajor>(values.data(), rows, cols);
}

NdArray NdArray::from_matrix(const Eigen::MatrixXd& matrix, DType dtype) {
  NdArray a;
  a.dtype = dtype;
  a.shape = {matrix.rows(), matrix.cols()};
  a.values.resize(static_cast<std::size_t>(matrix.size()));
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<RowMajor>(a.values.data(), matrix.rows(), matrix.cols()) = matrix;
  return a;
}

std::string shape_string(const std::vector<std::int64_t>& shape) {
  if (shape.empty()) return "scalar";
  std::string s;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += " x ";
    s += std::to_string(shape[i]);
  }
  return s;
}

std::uint64_t checked_byte_count(const std::vector<std::int64_t>& shape, std::size_t element_size,
                                 const std::string& what) {
  constexpr std::uint64_t kLimit = std::uint64_t{1} << 62;
  std::uint64_t n = element_size;
  for (const std::int64_t d : shape) {
    if (d < 0) throw Error(what + ": negative dimension in shape " + shape_string(shape));
    if (d != 0 && n > kLimit / static_cast<std::uint64_t>(d)) {
      throw Error(what + ": shape " + shape_string(shape) + " is too large");
    }
    n *= static_cast<std::uint64_t>(d);
  }
  return n;
}

void decode_elements(const unsigned char* bytes, std::size_t count, DType dtype, bool big_endian,
                     double* out) {
  const std::size_t size = dtype_size(dtype);
  if (dtype == DType::U8) {
    for (std::size_t i = 0; i < count; ++i) out[i] = bytes[i];
    return;
  }
  for (std::size_t i = 0; i < count; ++i) {
    out[i] = decode_one(load_bits(bytes + i * size, size, big_endian), dtype);
  }
}

void encode_elements(const double* values, std::size_t count, DType dtype, std::string& out,
                     const std::string& what) {
  const std::size_t size = dtype_size(dtype);
  const std::size_t start = out.size();
  out.resize(start + count * size);
  char* p = &out[start];
  for (std::size_t i = 0; i < count; ++i) {
    store_bits(encode_one(values[i], i, dtype, what), size, p + i * size);
  }
}

}  // namespace ael::io

// IDX files (MNIST, Fashion-MNIST), plain or gzip-compressed (detected by magic number).
//
// Format: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32,
// 0x0D float32, 0x0E float64), a dimension count, then each dimension as a big-endian
// uint32, then the values big-endian in row-major order. The data length must match the
// dimensions exactly: a short file is reported as truncated, a long one as having
// trailing bytes.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.hpp"

namespace ael::data {

enum class IdxType : std::uint8_t {
  U8 = 0x08,
  I8 = 0x09,
  I16 = 0x0B,
  I32 = 0x0C,
  F32 = 0x0D,
  F64 = 0x0E
};

struct IdxHeader {
  IdxType type = IdxType::U8;
  std::vector<std::uint32_t> dims;
  std::size_t data_offset = 0;  ///< where the values start
};

struct IdxArray {
  IdxType type = IdxType::U8;
  std::vector<std::uint32_t> dims;
  std::vector<double> values;  ///< row-major
};

/// Validates magic number, type, dimensions and the data length of decompressed IDX bytes.
IdxHeader parse_idx_header(std::string_view bytes, const std::string& name);
/// Any IDX file, values converted to double.
IdxArray read_idx(const std::string& path);

/// Images (a uint8 file with dimensions count x rows x cols) as a (rows * cols) x count
/// matrix, one image per column, pixels in row-major order; divided by 255 when `scale`.
Eigen::MatrixXd read_idx_images(const std::string& path, bool scale = true);
Eigen::MatrixXd decode_idx_images(std::string_view bytes, const std::string& name, bool scale);
/// Labels (a uint8 file with one dimension).
std::vector<int> read_idx_labels(const std::string& path);
std::vector<int> decode_idx_labels(std::string_view bytes, const std::string& name);

/// Images and labels together: features "p0" ... "p<rows*cols-1>" then "label". Throws when
/// the counts differ.
Dataset read_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         bool scale = true);

}  // namespace ael::data

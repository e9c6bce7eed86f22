#include "data/idx_reader.hpp"

#include <cstdio>

#include "ael/diagnostic.hpp"
#include "io/gzip.hpp"
#include "io/ndarray.hpp"

namespace ael::data {
namespace {

std::uint32_t read_be32(const unsigned char* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
         (static_cast<std::uint32_t>(p[2]) << 8) | p[3];
}

std::size_t type_size(IdxType t) {
  switch (t) {
    case IdxType::U8:
    case IdxType::I8:
      return 1;
    case IdxType::I16:
      return 2;
    case IdxType::I32:
    case IdxType::F32:
      return 4;
    case IdxType::F64:
      return 8;
  }
  return 0;
}

const char* type_name(IdxType t) {
  switch (t) {
    case IdxType::U8:
      return "uint8";
    case IdxType::I8:
      return "int8";
    case IdxType::I16:
      return "int16";
    case IdxType::I32:
      return "int32";
    case IdxType::F32:
      return "float32";
    case IdxType::F64:
      return "float64";
  }
  return "?";
}

bool valid_type(unsigned char t) {
  return t == 0x08 || t == 0x09 || t == 0x0B || t == 0x0C || t == 0x0D || t == 0x0E;
}

std::string hex(unsigned value, int digits) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%0*X", digits, value);
  return buffer;
}

std::string dims_text(const std::vector<std::uint32_t>& dims) {
  std::string s;
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
  return s;
}

const unsigned char* data_of(std::string_view bytes, const IdxHeader& h) {
  return reinterpret_cast<const unsigned char*>(bytes.data()) + h.data_offset;
}

double decode_value(const unsigned char* p, IdxType t) {
  switch (t) {
    case IdxType::U8:
      return p[0];
    case IdxType::I8:
      return static_cast<std::int8_t>(p[0]);
    case IdxType::I16:
      return static_cast<std::int16_t>((p[0] << 8) | p[1]);
    case IdxType::I32:
      return static_cast<std::int32_t>(read_be32(p));
    case IdxType::F32: {
      double out;
      io::decode_elements(p, 1, io::DType::F32, true, &out);
      return out;
    }
    case IdxType::F64: {
      double out;
      io::decode_elements(p, 1, io::DType::F64, true, &out);
      return out;
    }
  }
  return 0.0;
}

IdxHeader image_header(std::string_view bytes, const std::string& name) {
  const IdxHeader h = parse_idx_header(bytes, name);
  if (h.type != IdxType::U8 || h.dims.size() != 3) {
    throw Error(name +
                ": expected an image file (uint8, 3 dimensions: count x rows x cols), "
                "found " +
                type_name(h.type) + " with dimensions " + dims_text(h.dims));
  }
  return h;
}

Index image_pixels(const IdxHeader& h) { return static_cast<Index>(h.dims[1]) * h.dims[2]; }

// Writes image j's pixels into the top rows of column j (the matrix may have extra rows,
// e.g. a label row below the pixels).
void fill_pixels(std::string_view bytes, const IdxHeader& h, bool scale, Eigen::MatrixXd& out) {
  const Index pixels = image_pixels(h);
  const unsigned char* data = data_of(bytes, h);
  const double factor = scale ? 1.0 / 255.0 : 1.0;
  for (Index j = 0; j < out.cols(); ++j) {
    // restrict: the byte pointer could otherwise alias the doubles and block vectorising.
    const unsigned char* __restrict image = data + j * pixels;
    double* __restrict column = out.col(j).data();
    for (Index k = 0; k < pixels; ++k) column[k] = image[k] * factor;
  }
}

}  // namespace

IdxHeader parse_idx_header(std::string_view bytes, const std::string& name) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < 4) {
    throw Error(name + ": truncated: " + std::to_string(bytes.size()) +
                " bytes, too short for an IDX magic number (4 bytes)");
  }
  const std::uint32_t magic = read_be32(p);
  if (p[0] != 0 || p[1] != 0 || !valid_type(p[2]) || p[3] == 0) {
    throw Error(name + ": not an IDX file (magic number " + hex(magic, 8) +
                "; expected 0x0000TTNN with type TT in 08, 09, 0B, 0C, 0D, 0E and NN >= 1 "
                "dimensions)");
  }
  IdxHeader h;
  h.type = static_cast<IdxType>(p[2]);
  const std::size_t ndims = p[3];
  h.data_offset = 4 + 4 * ndims;
  if (bytes.size() < h.data_offset) {
    throw Error(name + ": truncated: the IDX header needs " + std::to_string(h.data_offset) +
                " bytes for " + std::to_string(ndims) + " dimensions, file has " +
                std::to_string(bytes.size()));
  }
  std::vector<std::int64_t> shape;
  for (std::size_t i = 0; i < ndims; ++i) {
    h.dims.push_back(read_be32(p + 4 + 4 * i));
    shape.push_back(h.dims.back());
  }
  const std::uint64_t needed = io::checked_byte_count(shape, type_size(h.type), name);
  const std::uint64_t present = bytes.size() - h.data_offset;
  if (present < needed) {
    throw Error(name + ": truncated: header says " + dims_text(h.dims) + " " + type_name(h.type) +
                " values (" + std::to_string(needed) + " bytes), file has " +
                std::to_string(present) + " bytes of data");
  }
  if (present > needed) {
    throw Error(name + ": " + std::to_string(present - needed) +
                " unexpected bytes after the data (header says " + dims_text(h.dims) + " " +
                type_name(h.type) + " values)");
  }
  return h;
}

IdxArray read_idx(const std::string& path) {
  const std::string bytes = io::read_file_maybe_gzip(path);
  const IdxHeader h = parse_idx_header(bytes, path);
  IdxArray a;
  a.type = h.type;
  a.dims = h.dims;
  const std::size_t size = type_size(h.type);
  a.values.resize((bytes.size() - h.data_offset) / size);
  const unsigned char* data = data_of(bytes, h);
  for (std::size_t i = 0; i < a.values.size(); ++i)
    a.values[i] = decode_value(data + i * size, h.type);
  return a;
}

Eigen::MatrixXd decode_idx_images(std::string_view bytes, const std::string& name, bool scale) {
  const IdxHeader h = image_header(bytes, name);
  Eigen::MatrixXd images(image_pixels(h), static_cast<Index>(h.dims[0]));
  fill_pixels(bytes, h, scale, images);
  return images;
}

Eigen::MatrixXd read_idx_images(const std::string& path, bool scale) {
  return decode_idx_images(io::read_file_maybe_gzip(path), path, scale);
}

std::vector<int> decode_idx_labels(std::string_view bytes, const std::string& name) {
  const IdxHeader h = parse_idx_header(bytes, name);
  if (h.type != IdxType::U8 || h.dims.size() != 1) {
    throw Error(name + ": expected a label file (uint8, 1 dimension), found " + type_name(h.type) +
                " with dimensions " + dims_text(h.dims));
  }
  const unsigned char* data = data_of(bytes, h);
  return std::vector<int>(data, data + h.dims[0]);
}

std::vector<int> read_idx_labels(const std::string& path) {
  return decode_idx_labels(io::read_file_maybe_gzip(path), path);
}

Dataset read_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         bool scale) {
  const std::vector<int> labels = read_idx_labels(labels_path);
  const std::string bytes = io::read_file_maybe_gzip(images_path);
  const IdxHeader h = image_header(bytes, images_path);
  if (labels.size() != h.dims[0]) {
    throw Error(labels_path + ": " + std::to_string(labels.size()) + " labels for " +
                std::to_string(h.dims[0]) + " images in " + images_path);
  }
  // Pixels and label in one matrix, filled in place: these matrices are hundreds of MB.
  const Index pixels = image_pixels(h);
  Eigen::MatrixXd all(pixels + 1, static_cast<Index>(labels.size()));
  fill_pixels(bytes, h, scale, all);
  for (std::size_t j = 0; j < labels.size(); ++j) all(pixels, static_cast<Index>(j)) = labels[j];
  std::vector<std::string> names = numbered_names("p", pixels);
  names.push_back("label");
  return Dataset(std::move(all), std::move(names));
}

}  // namespace ael::data

#include "data/npy.hpp"

#include "ael/diagnostic.hpp"
#include "data/npy_header.hpp"
#include "io/atomic_file.hpp"
#include "io/read_file.hpp"

namespace ael::data {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kAlign = 64;

// Visits every element in C order, passing its C offset and its Fortran-order offset.
template <class Fn>
void for_each_offset(const std::vector<std::int64_t>& shape, std::size_t count, Fn fn) {
  const std::size_t dims = shape.size();
  if (dims == 0 || count == 0) {
    if (count == 1) fn(std::size_t{0}, std::size_t{0});
    return;
  }
  std::vector<std::size_t> fstride(dims, 1);
  for (std::size_t d = 1; d < dims; ++d) {
    fstride[d] = fstride[d - 1] * static_cast<std::size_t>(shape[d - 1]);
  }
  std::vector<std::int64_t> index(dims, 0);
  std::size_t f = 0;
  for (std::size_t c = 0; c < count; ++c) {
    fn(c, f);
    std::size_t d = dims - 1;
    ++index[d];
    f += fstride[d];
    while (index[d] == shape[d] && d > 0) {
      f -= fstride[d] * static_cast<std::size_t>(shape[d]);
      index[d] = 0;
      --d;
      ++index[d];
      f += fstride[d];
    }
  }
}

std::uint32_t read_le(const unsigned char* p, std::size_t bytes) {
  std::uint32_t v = 0;
  for (std::size_t i = bytes; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

}  // namespace

io::NdArray decode_npy(std::string_view bytes, const std::string& name) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.substr(0, kMagic.size()) != kMagic) {
    if (bytes.size() < kMagic.size() && kMagic.substr(0, bytes.size()) == bytes) {
      throw Error(name + ": truncated: " + std::to_string(bytes.size()) +
                  " bytes, too short for an NPY file");
    }
    throw Error(name + ": not an NPY file (it does not start with \"\\x93NUMPY\")");
  }
  if (bytes.size() < 10) {
    throw Error(name + ": truncated: " + std::to_string(bytes.size()) +
                " bytes, too short for an NPY header");
  }
  const int major = p[6], minor = p[7];
  if (major < 1 || major > 3) {
    throw Error(name + ": unsupported NPY format version " + std::to_string(major) + "." +
                std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)");
  }
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  const std::size_t prefix = 8 + length_bytes;
  if (bytes.size() < prefix) {
    throw Error(name + ": truncated: " + std::to_string(bytes.size()) +
                " bytes, too short for an NPY header");
  }
  const std::size_t header_size = read_le(p + 8, length_bytes);
  if (header_size > bytes.size() - prefix) {
    throw Error(name + ": truncated: the header length says " + std::to_string(header_size) +
                " bytes, file has " + std::to_string(bytes.size() - prefix) +
                " bytes after the length field");
  }
  const NpyHeader h = parse_npy_header(bytes.substr(prefix, header_size), name);
  const std::size_t size = io::dtype_size(h.dtype);
  const std::uint64_t needed = io::checked_byte_count(h.shape, size, name);
  const std::uint64_t present = bytes.size() - prefix - header_size;
  if (present < needed) {
    throw Error(name + ": truncated: header says " + io::shape_string(h.shape) + " " +
                io::dtype_name(h.dtype) + " values (" + std::to_string(needed) +
                " bytes), file has " + std::to_string(present) + " bytes of data");
  }
  if (present > needed) {
    throw Error(name + ": " + std::to_string(present - needed) +
                " unexpected bytes after the data (header says " + io::shape_string(h.shape) + " " +
                io::dtype_name(h.dtype) + " values)");
  }
  io::NdArray a;
  a.dtype = h.dtype;
  a.shape = h.shape;
  const std::size_t count = needed / size;
  std::vector<double> raw(count);
  io::decode_elements(p + prefix + header_size, count, h.dtype, h.big_endian, raw.data());
  if (h.fortran_order && h.shape.size() > 1) {
    a.values.resize(count);
    for_each_offset(h.shape, count, [&](std::size_t c, std::size_t f) { a.values[c] = raw[f]; });
  } else {
    a.values = std::move(raw);
  }
  return a;
}

io::NdArray read_npy(const std::string& path) { return decode_npy(io::read_file(path), path); }

std::string encode_npy(const io::NdArray& array, const NpyWriteOptions& options) {
  const auto count = static_cast<std::size_t>(array.element_count());
  if (array.values.size() != count) {
    throw Error("npy: shape " + io::shape_string(array.shape) + " needs " + std::to_string(count) +
                " values, the array has " + std::to_string(array.values.size()));
  }
  if (options.version < 0 || options.version > 2) {
    throw Error("npy: cannot write format version " + std::to_string(options.version) +
                " (use 1 or 2)");
  }
  std::string header = format_npy_header(array.dtype, options.fortran_order, array.shape);
  int version = options.version;
  auto padded = [&](std::size_t prefix) {
    const std::size_t unpadded = prefix + header.size() + 1;  // + '\n'
    return header.size() + (kAlign - unpadded % kAlign) % kAlign + 1;
  };
  if (version == 0) version = padded(10) <= 0xFFFF ? 1 : 2;
  if (version == 1 && padded(10) > 0xFFFF) {
    throw Error("npy: the header is too long for format version 1.0 (use version 2)");
  }
  const std::size_t prefix = version == 1 ? 10 : 12;
  const std::size_t header_size = padded(prefix);
  header.append(header_size - header.size() - 1, ' ');
  header.push_back('\n');

  std::string out(kMagic);
  out.push_back(static_cast<char>(version));
  out.push_back(0);
  for (std::size_t i = 0; i < prefix - 8; ++i) {
    out.push_back(static_cast<char>((header_size >> (8 * i)) & 0xff));
  }
  out += header;
  if (options.fortran_order && array.shape.size() > 1) {
    std::vector<double> fortran(count);
    for_each_offset(array.shape, count,
                    [&](std::size_t c, std::size_t f) { fortran[f] = array.values[c]; });
    io::encode_elements(fortran.data(), count, array.dtype, out, "npy");
  } else {
    io::encode_elements(array.values.data(), count, array.dtype, out, "npy");
  }
  return out;
}

void write_npy(const std::string& path, const io::NdArray& array, const NpyWriteOptions& options) {
  io::write_file_atomic(path, encode_npy(array, options));
}

Dataset dataset_from_npy(const io::NdArray& array, std::vector<std::string> names) {
  if (array.shape.size() == 1) {
    Eigen::MatrixXd row = Eigen::Map<const Eigen::MatrixXd>(
        array.values.data(), 1, static_cast<Index>(array.values.size()));
    return Dataset(std::move(row), std::move(names));
  }
  if (array.shape.size() != 2) {
    throw Error("npy: a dataset needs a 1-D or 2-D array (samples x features), got shape " +
                io::shape_string(array.shape));
  }
  // numpy's (n, d) row-major buffer is exactly a column-major d x n matrix.
  Eigen::MatrixXd m =
      Eigen::Map<const Eigen::MatrixXd>(array.values.data(), array.shape[1], array.shape[0]);
  return Dataset(std::move(m), std::move(names));
}

io::NdArray dataset_to_npy(const Dataset& data, io::DType dtype) {
  io::NdArray a;
  a.dtype = dtype;
  a.shape = {data.samples(), data.features()};
  const Eigen::MatrixXd& m = data.matrix();
  a.values.assign(m.data(), m.data() + m.size());
  return a;
}

}  // namespace ael::data

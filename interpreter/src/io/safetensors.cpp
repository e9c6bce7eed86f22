#include "io/safetensors.hpp"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "ael/diagnostic.hpp"
#include "io/atomic_file.hpp"
#include "io/read_file.hpp"

namespace ael::io {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr const char* kMetadataKey = "__metadata__";
constexpr const char* kSupported = "F32, F64, I32, I64, U8";

const char* format_dtype(DType dtype) {
  switch (dtype) {
    case DType::F32:
      return "F32";
    case DType::F64:
      return "F64";
    case DType::I32:
      return "I32";
    case DType::I64:
      return "I64";
    case DType::U8:
      return "U8";
  }
  return "?";
}

bool parse_dtype(const std::string& s, DType& out) {
  static const std::pair<const char*, DType> table[] = {{"F32", DType::F32},
                                                        {"F64", DType::F64},
                                                        {"I32", DType::I32},
                                                        {"I64", DType::I64},
                                                        {"U8", DType::U8}};
  for (const auto& [text, dtype] : table) {
    if (s == text) {
      out = dtype;
      return true;
    }
  }
  return false;
}

std::string join_names(const std::vector<std::pair<std::string, NdArray>>& tensors) {
  std::string s;
  for (const auto& t : tensors) s += (s.empty() ? "" : ", ") + t.first;
  return s.empty() ? "none" : s;
}

std::uint64_t read_u64_le(std::string_view bytes) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

// One tensor entry of the header, before its data is decoded.
struct Entry {
  std::string name;
  DType dtype = DType::F64;
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

std::uint64_t offset_value(const nlohmann::json& v, const std::string& where) {
  if (!v.is_number_unsigned()) throw Error(where + ": data_offsets must be non-negative integers");
  return v.get<std::uint64_t>();
}

Entry parse_entry(const std::string& file, const std::string& name, const nlohmann::json& spec) {
  const std::string where = file + ": tensor '" + name + "'";
  if (!spec.is_object()) throw Error(where + ": entry is not a JSON object");
  for (const char* key : {"dtype", "shape", "data_offsets"}) {
    if (!spec.contains(key)) throw Error(where + ": missing '" + key + "'");
  }
  Entry e;
  e.name = name;
  const auto& dtype = spec.at("dtype");
  if (!dtype.is_string()) throw Error(where + ": 'dtype' must be a string");
  if (!parse_dtype(dtype.get<std::string>(), e.dtype)) {
    throw Error(where + ": unsupported dtype '" + dtype.get<std::string>() +
                "' (supported: " + kSupported + ")");
  }
  const auto& shape = spec.at("shape");
  if (!shape.is_array()) throw Error(where + ": 'shape' must be a list of integers");
  for (const auto& d : shape) {
    if (!d.is_number_unsigned()) {
      throw Error(where + ": 'shape' must be a list of non-negative integers, found " + d.dump());
    }
    e.shape.push_back(static_cast<std::int64_t>(d.get<std::uint64_t>()));
  }
  const auto& offsets = spec.at("data_offsets");
  if (!offsets.is_array() || offsets.size() != 2) {
    throw Error(where + ": 'data_offsets' must be [begin, end]");
  }
  e.begin = offset_value(offsets[0], where);
  e.end = offset_value(offsets[1], where);
  if (e.end < e.begin) {
    throw Error(where + ": data_offsets [" + std::to_string(e.begin) + ", " +
                std::to_string(e.end) + "] end before they begin");
  }
  const std::uint64_t needed = checked_byte_count(e.shape, dtype_size(e.dtype), where);
  if (needed != e.end - e.begin) {
    throw Error(where + ": shape [" + shape_string(e.shape) + "] with dtype " +
                format_dtype(e.dtype) + " needs " + std::to_string(needed) +
                " bytes, data_offsets give " + std::to_string(e.end - e.begin));
  }
  return e;
}

std::map<std::string, std::string> parse_metadata(const std::string& file,
                                                  const nlohmann::json& meta) {
  if (!meta.is_object()) throw Error(file + ": '__metadata__' must map strings to strings");
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : meta.items()) {
    if (!value.is_string()) {
      throw Error(file + ": '__metadata__' entry '" + key + "' is not a string");
    }
    out[key] = value.get<std::string>();
  }
  return out;
}

// The data must be covered exactly: entries sorted by offset tile [0, data_size). That is
// what the Python reader requires too, so a file we accept is a file Python accepts.
void check_layout(const std::string& file, std::vector<Entry>& entries, std::uint64_t data_size) {
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::uint64_t declared = 0;
  for (const Entry& e : entries) declared = std::max(declared, e.end);
  if (declared > data_size) {
    throw Error(file + ": truncated: header says " + std::to_string(declared) +
                " bytes of data, file has " + std::to_string(data_size));
  }
  std::uint64_t cursor = 0;
  const Entry* previous = nullptr;
  for (const Entry& e : entries) {
    if (e.begin < cursor) {
      throw Error(file + ": tensors '" + previous->name + "' and '" + e.name + "' overlap (bytes " +
                  std::to_string(previous->begin) + "-" + std::to_string(previous->end) + " and " +
                  std::to_string(e.begin) + "-" + std::to_string(e.end) + ")");
    }
    if (e.begin > cursor) {
      throw Error(file + ": " + std::to_string(e.begin - cursor) + " unused bytes before tensor '" +
                  e.name + "' (data must be contiguous)");
    }
    cursor = e.end;
    previous = &e;
  }
  if (cursor < data_size) {
    throw Error(file + ": " + std::to_string(data_size - cursor) +
                " bytes after the last tensor's data");
  }
}

}  // namespace

void TensorFile::add(std::string name, NdArray array) {
  if (name == kMetadataKey) throw Error("tensor name '__metadata__' is reserved");
  if (find(name)) throw Error("duplicate tensor name '" + name + "'");
  if (static_cast<std::int64_t>(array.values.size()) != array.element_count()) {
    throw Error("tensor '" + name + "': shape [" + shape_string(array.shape) + "] needs " +
                std::to_string(array.element_count()) + " values, got " +
                std::to_string(array.values.size()));
  }
  tensors_.emplace_back(std::move(name), std::move(array));
}

const NdArray* TensorFile::find(std::string_view name) const {
  for (const auto& t : tensors_) {
    if (t.first == name) return &t.second;
  }
  return nullptr;
}

const NdArray& TensorFile::at(std::string_view name) const {
  if (const NdArray* a = find(name)) return *a;
  throw Error("no tensor '" + std::string(name) + "' (tensors: " + join_names(tensors_) + ")");
}

std::string encode_safetensors(const TensorFile& file) {
  ordered_json header = ordered_json::object();
  std::uint64_t offset = 0;
  for (const auto& [name, array] : file.tensors()) {
    const std::uint64_t bytes = array.values.size() * dtype_size(array.dtype);
    header[name] = {{"dtype", format_dtype(array.dtype)},
                    {"shape", array.shape},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  if (!file.metadata.empty()) header[kMetadataKey] = file.metadata;
  std::string json = header.dump();
  json.append((8 - json.size() % 8) % 8, ' ');

  std::string out;
  out.reserve(8 + json.size() + offset);
  const std::uint64_t n = json.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  out += json;
  for (const auto& [name, array] : file.tensors()) {
    encode_elements(array.values.data(), array.values.size(), array.dtype, out,
                    "tensor '" + name + "'");
  }
  return out;
}

TensorFile decode_safetensors(std::string_view bytes, const std::string& name) {
  if (bytes.size() < 8) {
    throw Error(name + ": truncated: " + std::to_string(bytes.size()) +
                " bytes, too short for a safetensors header length (8 bytes)");
  }
  const std::uint64_t header_size = read_u64_le(bytes);
  if (header_size > bytes.size() - 8) {
    throw Error(name + ": truncated: header length says " + std::to_string(header_size) +
                " bytes of JSON, file has " + std::to_string(bytes.size() - 8) +
                " bytes after the length");
  }
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.substr(8, header_size));
  } catch (const nlohmann::json::exception& e) {
    throw Error(name + ": header is not valid JSON: " + e.what());
  }
  if (!header.is_object()) throw Error(name + ": header is not a JSON object");

  TensorFile file;
  std::vector<Entry> entries;
  for (const auto& [key, value] : header.items()) {
    if (key == kMetadataKey) {
      file.metadata = parse_metadata(name, value);
    } else {
      entries.push_back(parse_entry(name, key, value));
    }
  }
  const std::string_view data = bytes.substr(8 + header_size);
  check_layout(name, entries, data.size());
  for (const Entry& e : entries) {
    NdArray array;
    array.dtype = e.dtype;
    array.shape = e.shape;
    array.values.resize(static_cast<std::size_t>((e.end - e.begin) / dtype_size(e.dtype)));
    decode_elements(reinterpret_cast<const unsigned char*>(data.data()) + e.begin,
                    array.values.size(), e.dtype, false, array.values.data());
    file.add(e.name, std::move(array));
  }
  return file;
}

void write_safetensors(const std::string& path, const TensorFile& file) {
  write_file_atomic(path, encode_safetensors(file));
}

TensorFile read_safetensors(const std::string& path) {
  return decode_safetensors(read_file(path), path);
}

}  // namespace ael::io

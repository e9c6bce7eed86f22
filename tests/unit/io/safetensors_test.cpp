#include "io/safetensors.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "error_text.hpp"
#include "io/read_file.hpp"
#include "test_support.hpp"

namespace ael::io {
namespace {

// A file as the Python library lays it out: length, JSON header, data.
std::string file_with(const std::string& header, const std::string& data) {
  std::string out;
  const std::uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  return out + header + data;
}

std::string f32_bytes(std::initializer_list<float> values) {
  std::string s;
  for (float v : values) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  return s;
}

NdArray array(DType dtype, std::vector<std::int64_t> shape, std::vector<double> values) {
  NdArray a;
  a.dtype = dtype;
  a.shape = std::move(shape);
  a.values = std::move(values);
  return a;
}

TensorFile sample_file() {
  TensorFile f;
  f.add("encoder.weight", array(DType::F32, {2, 3}, {1, -2, 3.5, 0.25, 5, -6}));
  f.add("encoder.bias", array(DType::F64, {2}, {0.1, -0.2}));
  f.add("step", array(DType::I64, {}, {12345}));
  f.add("mask", array(DType::U8, {4}, {0, 1, 1, 0}));
  f.add("ids", array(DType::I32, {2, 1}, {-7, 70000}));
  f.metadata = {{"format", "pt"}, {"normalizer", "{\"kind\":\"zscore\"}"}};
  return f;
}

TEST(Safetensors, RoundTripsTensorsOrderAndMetadata) {
  const std::string dir = test::temp_dir("safetensors-rt");
  const std::string path = dir + "/model.safetensors";
  const TensorFile original = sample_file();
  write_safetensors(path, original);
  const TensorFile back = read_safetensors(path);
  ASSERT_EQ(back.size(), original.size());
  for (std::size_t i = 0; i < back.size(); ++i) {
    const auto& [name, a] = original.tensors()[i];
    EXPECT_EQ(back.tensors()[i].first, name);
    EXPECT_EQ(back.tensors()[i].second.dtype, a.dtype) << name;
    EXPECT_EQ(back.tensors()[i].second.shape, a.shape) << name;
    EXPECT_EQ(back.tensors()[i].second.values, a.values) << name;
  }
  EXPECT_EQ(back.metadata, original.metadata);
}

TEST(Safetensors, LayoutIsWhatPythonReads) {
  const std::string bytes = encode_safetensors(sample_file());
  std::uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  EXPECT_EQ(n % 8, 0u);  // header padded so the data is 8-byte aligned
  const auto header = nlohmann::json::parse(bytes.substr(8, n));
  const auto& w = header.at("encoder.weight");
  EXPECT_EQ(w.at("dtype"), "F32");
  EXPECT_EQ(w.at("shape"), nlohmann::json::array({2, 3}));
  EXPECT_EQ(w.at("data_offsets"), nlohmann::json::array({0, 24}));
  EXPECT_EQ(header.at("encoder.bias").at("data_offsets"), nlohmann::json::array({24, 40}));
  EXPECT_EQ(header.at("step").at("shape"), nlohmann::json::array());
  EXPECT_EQ(header.at("__metadata__").at("format"), "pt");
  EXPECT_EQ(bytes.substr(8 + n, 8), f32_bytes({1, -2}));
  EXPECT_EQ(bytes.size(), 8 + n + 24 + 16 + 8 + 4 + 8);
}

TEST(Safetensors, ReadsAHandBuiltFile) {
  // Tensors listed out of data order, as other writers may do; read back in data order.
  const std::string header = R"({"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},)"
                             R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  const TensorFile f = decode_safetensors(file_with(header, f32_bytes({1.5f, 2.5f, -4})), "h");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f.tensors()[0].first, "a");
  EXPECT_EQ(f.at("a").values, (std::vector<double>{1.5, 2.5}));
  EXPECT_EQ(f.at("b").values, std::vector<double>{-4});
  EXPECT_TRUE(f.metadata.empty());
  EXPECT_EQ(test::error_text([&] { f.at("c"); }), "no tensor 'c' (tensors: a, b)");
}

std::string decode_error(const std::string& header, const std::string& data,
                         const std::string& name = "model.safetensors") {
  return test::error_text([&] { decode_safetensors(file_with(header, data), name); });
}

TEST(Safetensors, TruncatedFilesSaySo) {
  EXPECT_EQ(test::error_text([] { decode_safetensors("abc", "m.st"); }),
            "m.st: truncated: 3 bytes, too short for a safetensors header length (8 bytes)");
  const std::string json = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  const std::string full = file_with(json, f32_bytes({1}));
  EXPECT_EQ(test::error_text([&] { decode_safetensors(full.substr(0, 20), "m.st"); }),
            "m.st: truncated: header length says " + std::to_string(json.size()) +
                " bytes of JSON, file has 12 bytes after the length");
  const std::string header = R"({"w":{"dtype":"F32","shape":[1024],"data_offsets":[0,4096]}})";
  EXPECT_EQ(decode_error(header, std::string(1200, '\0')),
            "model.safetensors: truncated: header says 4096 bytes of data, file has 1200");
}

TEST(Safetensors, MalformedHeadersAreExplained) {
  // The parser's own explanation follows; only our part of the message is pinned here.
  EXPECT_EQ(decode_error("{not json", "").rfind("model.safetensors: header is not valid JSON: ", 0),
            0u);
  EXPECT_EQ(decode_error("[1, 2]", ""), "model.safetensors: header is not a JSON object");
  EXPECT_EQ(decode_error(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", "abcd"),
            "model.safetensors: tensor 'w': missing 'dtype'");
  EXPECT_EQ(decode_error(R"({"w":{"dtype":"BF16","shape":[1],"data_offsets":[0,2]}})", "ab"),
            "model.safetensors: tensor 'w': unsupported dtype 'BF16' (supported: F32, F64, I32, "
            "I64, U8)");
  EXPECT_EQ(decode_error(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", "abcd"),
            "model.safetensors: tensor 'w': 'shape' must be a list of non-negative integers, "
            "found -1");
  EXPECT_EQ(decode_error(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}})", ""),
            "model.safetensors: tensor 'w': 'data_offsets' must be [begin, end]");
  EXPECT_EQ(decode_error(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", ""),
            "model.safetensors: tensor 'w': data_offsets [8, 0] end before they begin");
  EXPECT_EQ(decode_error(R"({"__metadata__":{"epoch":3}})", ""),
            "model.safetensors: '__metadata__' entry 'epoch' is not a string");
}

TEST(Safetensors, SizesAndOffsetsMustAgree) {
  EXPECT_EQ(decode_error(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})",
                         std::string(20, '\0')),
            "model.safetensors: tensor 'w': shape [2 x 3] with dtype F32 needs 24 bytes, "
            "data_offsets give 20");
  EXPECT_EQ(decode_error(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                         R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                         std::string(16, '\0')),
            "model.safetensors: tensors 'a' and 'b' overlap (bytes 0-16 and 8-16)");
  EXPECT_EQ(decode_error(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                         R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                         std::string(12, '\0')),
            "model.safetensors: 4 unused bytes before tensor 'b' (data must be contiguous)");
  EXPECT_EQ(decode_error(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})",
                         std::string(10, '\0')),
            "model.safetensors: 6 bytes after the last tensor's data");
}

TEST(Safetensors, BuildingAFileChecksNamesAndSizes) {
  TensorFile f;
  f.add("w", array(DType::F32, {2}, {1, 2}));
  EXPECT_EQ(test::error_text([&] { f.add("w", array(DType::F32, {1}, {1})); }),
            "duplicate tensor name 'w'");
  EXPECT_EQ(test::error_text([&] { f.add("__metadata__", array(DType::F32, {1}, {1})); }),
            "tensor name '__metadata__' is reserved");
  EXPECT_EQ(test::error_text([&] {
              f.add("v", array(DType::F32, {2, 2}, {1, 2, 3}));
            }),
            "tensor 'v': shape [2 x 2] needs 4 values, got 3");
  f.add("n", array(DType::I64, {1}, {0.5}));
  EXPECT_EQ(test::error_text([&] { encode_safetensors(f); }),
            "tensor 'n': value 0.5 at index 0 is not representable as int64");
}

TEST(Safetensors, AFailedWriteLeavesTheOldFile) {
  const std::string dir = test::temp_dir("safetensors-atomic");
  const std::string path = dir + "/m.safetensors";
  write_safetensors(path, sample_file());
  const std::string before = read_file(path);
  TensorFile bad;
  bad.add("x", array(DType::U8, {1}, {300}));
  EXPECT_NE(test::error_text([&] { write_safetensors(path, bad); }), "<no error>");
  EXPECT_EQ(read_file(path), before);
}

}  // namespace
}  // namespace ael::io

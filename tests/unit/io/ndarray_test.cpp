#include "io/ndarray.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "error_text.hpp"

namespace ael::io {
namespace {

std::string bytes_of(std::initializer_list<int> b) {
  std::string s;
  for (int v : b) s.push_back(static_cast<char>(v));
  return s;
}

std::vector<double> decode(const std::string& bytes, DType dtype, bool big_endian = false) {
  std::vector<double> out(bytes.size() / dtype_size(dtype));
  decode_elements(reinterpret_cast<const unsigned char*>(bytes.data()), out.size(), dtype,
                  big_endian, out.data());
  return out;
}

std::string encode(const std::vector<double>& values, DType dtype) {
  std::string out;
  encode_elements(values.data(), values.size(), dtype, out, "t");
  return out;
}

TEST(NdArray, EncodesLittleEndianBytes) {
  EXPECT_EQ(encode({1.0}, DType::F32), bytes_of({0x00, 0x00, 0x80, 0x3f}));
  EXPECT_EQ(encode({-2.0}, DType::F64), bytes_of({0, 0, 0, 0, 0, 0, 0x00, 0xc0}));
  EXPECT_EQ(encode({-2}, DType::I64), bytes_of({0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
  EXPECT_EQ(encode({258}, DType::I32), bytes_of({0x02, 0x01, 0x00, 0x00}));
  EXPECT_EQ(encode({255, 7}, DType::U8), bytes_of({0xff, 0x07}));
}

TEST(NdArray, DecodesBothByteOrders) {
  EXPECT_EQ(decode(bytes_of({0x00, 0x00, 0x80, 0x3f}), DType::F32), std::vector<double>{1.0});
  EXPECT_EQ(decode(bytes_of({0x3f, 0x80, 0x00, 0x00}), DType::F32, true), std::vector<double>{1.0});
  EXPECT_EQ(decode(bytes_of({0xff, 0xff, 0xff, 0xfd}), DType::I32, true), std::vector<double>{-3});
  EXPECT_EQ(decode(bytes_of({0xfd, 0xff, 0xff, 0xff}), DType::I32), std::vector<double>{-3});
}

TEST(NdArray, EveryDtypeRoundTrips) {
  const std::vector<double> ints = {0, 1, -1, 123456, -2147483648.0, 2147483647.0};
  EXPECT_EQ(decode(encode(ints, DType::I32), DType::I32), ints);
  const std::vector<double> longs = {0, -1, 0x1p52, -0x1p62, 9007199254740993.0 - 1};
  EXPECT_EQ(decode(encode(longs, DType::I64), DType::I64), longs);
  const std::vector<double> bytes = {0, 1, 128, 255};
  EXPECT_EQ(decode(encode(bytes, DType::U8), DType::U8), bytes);
  const std::vector<double> doubles = {0.1, -1e300, 5e-324,
                                       std::numeric_limits<double>::infinity()};
  EXPECT_EQ(decode(encode(doubles, DType::F64), DType::F64), doubles);
  const std::vector<double> floats = {0.5, -3.25, 1e-40 /* subnormal in float */};
  const std::vector<double> back = decode(encode(floats, DType::F32), DType::F32);
  EXPECT_EQ(back[0], 0.5);
  EXPECT_EQ(back[1], -3.25);
  EXPECT_EQ(back[2], static_cast<double>(1e-40f));
  const std::vector<double> nan = decode(encode({std::nan("")}, DType::F32), DType::F32);
  EXPECT_TRUE(std::isnan(nan[0]));
}

TEST(NdArray, ValuesThatDoNotFitAreErrors) {
  EXPECT_EQ(test::error_text([] {
              encode({1, 1.5}, DType::I32);
            }),
            "t: value 1.5 at index 1 is not representable as int32");
  EXPECT_EQ(test::error_text([] { encode({256}, DType::U8); }),
            "t: value 256 at index 0 is not representable as uint8");
  EXPECT_EQ(test::error_text([] { encode({-1}, DType::U8); }),
            "t: value -1 at index 0 is not representable as uint8");
  EXPECT_EQ(test::error_text([] { encode({0x1p63}, DType::I64); }),
            "t: value 9.223372036854776e+18 at index 0 is not representable as int64");
  EXPECT_EQ(test::error_text([] { encode({2147483648.0}, DType::I32); }),
            "t: value 2147483648 at index 0 is not representable as int32");
  EXPECT_EQ(test::error_text([] { encode({1e39}, DType::F32); }),
            "t: value 1e+39 at index 0 is not representable as float32");
  EXPECT_EQ(test::error_text([] { encode({std::nan("")}, DType::I64); }),
            "t: value nan at index 0 is not representable as int64");
}

TEST(NdArray, MatricesKeepTheirIndices) {
  Eigen::MatrixXd m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  const NdArray a = NdArray::from_matrix(m, DType::F32);
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(a.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));  // C order
  EXPECT_EQ(a.to_matrix(), m);

  NdArray v;
  v.shape = {3};
  v.values = {7, 8, 9};
  EXPECT_EQ(v.to_matrix(), Eigen::Vector3d(7, 8, 9));
  NdArray cube;
  cube.shape = {2, 2, 2};
  cube.values.assign(8, 0.0);
  EXPECT_EQ(test::error_text([&] { cube.to_matrix(); }),
            "cannot use an array of shape 2 x 2 x 2 as a matrix (it has more than 2 dimensions)");
}

TEST(NdArray, ShapeSizesAreChecked) {
  EXPECT_EQ(checked_byte_count({3, 4}, 8, "f"), 96u);
  EXPECT_EQ(checked_byte_count({}, 4, "f"), 4u);
  EXPECT_EQ(checked_byte_count({5, 0, 7}, 4, "f"), 0u);
  EXPECT_EQ(test::error_text([] {
              checked_byte_count({1 << 30, 1 << 30, 1 << 30}, 8, "f");
            }),
            "f: shape 1073741824 x 1073741824 x 1073741824 is too large");
  EXPECT_EQ(test::error_text([] {
              checked_byte_count({3, -1}, 8, "f");
            }),
            "f: negative dimension in shape 3 x -1");
  EXPECT_EQ(shape_string({}), "scalar");
}

}  // namespace
}  // namespace ael::io

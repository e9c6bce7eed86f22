#include "data/normalizer.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ael/diagnostic.hpp"
#include "io/number_text.hpp"

namespace ael::data {
namespace {

const char* kind_name(Normalizer::Kind kind) {
  return kind == Normalizer::Kind::ZScore ? "zscore" : "minmax";
}

std::vector<double> to_vector(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

Eigen::VectorXd read_vector(const nlohmann::json& j, const char* key, std::size_t size) {
  if (!j.contains(key) || !j.at(key).is_array()) {
    throw Error(std::string("normalizer JSON: missing list '") + key + "'");
  }
  const auto& a = j.at(key);
  if (a.size() != size) {
    throw Error(std::string("normalizer JSON: '") + key + "' has " + std::to_string(a.size()) +
                " values for " + std::to_string(size) + " features");
  }
  Eigen::VectorXd v(static_cast<Index>(size));
  for (std::size_t i = 0; i < size; ++i) {
    if (!a[i].is_number()) {
      throw Error(std::string("normalizer JSON: '") + key + "' holds a non-number: " + a[i].dump());
    }
    v(static_cast<Index>(i)) = a[i].get<double>();
  }
  return v;
}

}  // namespace

Normalizer::Normalizer(Kind kind, std::vector<std::string> features, Eigen::VectorXd first,
                       Eigen::VectorXd second, double lo, double hi)
    : kind_(kind),
      features_(std::move(features)),
      first_(std::move(first)),
      second_(std::move(second)),
      lo_(lo),
      hi_(hi) {
  const Index n = first_.size();
  scale_.resize(n);
  shift_.resize(n);
  for (Index i = 0; i < n; ++i) {
    if (kind_ == Kind::ZScore) {
      const double s = second_(i) > 0 ? second_(i) : 1.0;
      scale_(i) = 1.0 / s;
      shift_(i) = -first_(i) / s;
    } else {
      const double range = second_(i) - first_(i);
      scale_(i) = range > 0 ? (hi_ - lo_) / range : 0.0;
      shift_(i) = lo_ - first_(i) * scale_(i);
    }
  }
}

Normalizer Normalizer::fit_zscore(const Dataset& data) {
  if (data.samples() == 0) throw Error("zscore: cannot fit on a dataset without samples");
  const Eigen::MatrixXd& x = data.matrix();
  const Eigen::VectorXd mean = x.rowwise().mean();
  const Eigen::VectorXd std =
      ((x.colwise() - mean).array().square().rowwise().sum() / static_cast<double>(x.cols()))
          .sqrt();
  return Normalizer(Kind::ZScore, data.names(), mean, std, 0.0, 1.0);
}

Normalizer Normalizer::fit_minmax(const Dataset& data, double lo, double hi) {
  if (data.samples() == 0) throw Error("minmax: cannot fit on a dataset without samples");
  if (!(lo < hi)) {
    throw Error("minmax: the target range [" + io::number_text(lo) + ", " + io::number_text(hi) +
                "] is empty");
  }
  // Column by column: one pass over memory in the features x samples layout.
  const Eigen::MatrixXd& x = data.matrix();
  Eigen::VectorXd min = x.col(0), max = x.col(0);
  for (Index j = 1; j < x.cols(); ++j) {
    for (Index i = 0; i < x.rows(); ++i) {
      min(i) = std::min(min(i), x(i, j));
      max(i) = std::max(max(i), x(i, j));
    }
  }
  return Normalizer(Kind::MinMax, data.names(), min, max, lo, hi);
}

void Normalizer::check_matches(const Dataset& data, const char* what) const {
  if (data.names() != features_) {
    std::string expected;
    for (const auto& f : features_) expected += (expected.empty() ? "" : ", ") + f;
    std::string got;
    for (const auto& f : data.names()) got += (got.empty() ? "" : ", ") + f;
    throw Error(std::string(what) + ": the " + kind_name(kind_) + " normaliser was fitted on (" +
                expected + "), the dataset has (" + got + ")");
  }
}

Dataset Normalizer::apply(const Dataset& data) const {
  check_matches(data, "normalise");
  return Dataset(apply(data.matrix()), data.names());
}

Dataset Normalizer::invert(const Dataset& data) const {
  check_matches(data, "denormalise");
  return Dataset(invert(data.matrix()), data.names());
}

Eigen::MatrixXd Normalizer::apply(const Eigen::MatrixXd& x) const {
  if (x.rows() != scale_.size()) {
    throw Error("normalise: the normaliser has " + std::to_string(scale_.size()) +
                " features, the data has " + std::to_string(x.rows()));
  }
  return (x.array().colwise() * scale_.array()).colwise() + shift_.array();
}

Eigen::MatrixXd Normalizer::invert(const Eigen::MatrixXd& y) const {
  if (y.rows() != scale_.size()) {
    throw Error("denormalise: the normaliser has " + std::to_string(scale_.size()) +
                " features, the data has " + std::to_string(y.rows()));
  }
  Eigen::MatrixXd x(y.rows(), y.cols());
  for (Index i = 0; i < y.rows(); ++i) {
    // A constant minmax feature (scale 0) inverts to its one observed value.
    if (scale_(i) == 0.0) {
      x.row(i).setConstant(first_(i));
    } else {
      x.row(i) = (y.row(i).array() - shift_(i)) / scale_(i);
    }
  }
  return x;
}

std::string Normalizer::to_json() const {
  nlohmann::ordered_json j;
  j["kind"] = kind_name(kind_);
  j["features"] = features_;
  if (kind_ == Kind::ZScore) {
    j["mean"] = to_vector(first_);
    j["std"] = to_vector(second_);
  } else {
    j["min"] = to_vector(first_);
    j["max"] = to_vector(second_);
    j["range"] = {lo_, hi_};
  }
  return j.dump();
}

Normalizer Normalizer::from_json(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("normalizer JSON: not valid JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("kind") || !j.at("kind").is_string()) {
    throw Error("normalizer JSON: missing \"kind\" (\"zscore\" or \"minmax\")");
  }
  if (!j.contains("features") || !j.at("features").is_array()) {
    throw Error("normalizer JSON: missing list 'features'");
  }
  std::vector<std::string> features;
  for (const auto& f : j.at("features")) {
    if (!f.is_string()) throw Error("normalizer JSON: 'features' must hold strings");
    features.push_back(f.get<std::string>());
  }
  const std::string kind = j.at("kind").get<std::string>();
  const std::size_t n = features.size();
  if (kind == "zscore") {
    return Normalizer(Kind::ZScore, features, read_vector(j, "mean", n), read_vector(j, "std", n),
                      0.0, 1.0);
  }
  if (kind == "minmax") {
    const Eigen::VectorXd range = read_vector(j, "range", 2);
    if (!(range(0) < range(1))) throw Error("normalizer JSON: 'range' is empty");
    return Normalizer(Kind::MinMax, features, read_vector(j, "min", n), read_vector(j, "max", n),
                      range(0), range(1));
  }
  throw Error("normalizer JSON: unknown kind '" + kind + "' (expected zscore or minmax)");
}

}  // namespace ael::data

// Feature scaling fitted on one dataset and applied to others (train -> test, model inputs).
//
//   zscore: y = (x - mean) / std      (population std; a constant feature gets std 1, so it
//                                      maps to 0 instead of dividing by zero)
//   minmax: y = lo + (x - min) / (max - min) * (hi - lo)
//                                     (a constant feature maps to lo; default range [0, 1])
//
// Both are per-feature affine maps, so they are exactly invertible. They serialise to JSON
// (a string, so it can travel in safetensors metadata next to the model it belongs to):
//   {"kind":"zscore","features":["a","b"],"mean":[...],"std":[...]}
//   {"kind":"minmax","features":["a","b"],"min":[...],"max":[...],"range":[0,1]}
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace ael::data {

class Normalizer {
 public:
  enum class Kind { ZScore, MinMax };

  /// Fits on `data` (every feature). Throws for a dataset without samples.
  static Normalizer fit_zscore(const Dataset& data);
  static Normalizer fit_minmax(const Dataset& data, double lo = 0.0, double hi = 1.0);

  /// Scales a dataset with the same features (names must match, in order).
  Dataset apply(const Dataset& data) const;
  Dataset invert(const Dataset& data) const;
  /// Scales a features x samples matrix (row count must match).
  Eigen::MatrixXd apply(const Eigen::MatrixXd& x) const;
  Eigen::MatrixXd invert(const Eigen::MatrixXd& y) const;

  std::string to_json() const;
  /// Throws ael::Error naming the problem for malformed JSON or inconsistent sizes.
  static Normalizer from_json(const std::string& json);

  Kind kind() const { return kind_; }
  const std::vector<std::string>& features() const { return features_; }
  /// zscore: mean and std; minmax: min and max (per feature).
  const Eigen::VectorXd& first() const { return first_; }
  const Eigen::VectorXd& second() const { return second_; }

 private:
  Normalizer(Kind kind, std::vector<std::string> features, Eigen::VectorXd first,
             Eigen::VectorXd second, double lo, double hi);
  void check_matches(const Dataset& data, const char* what) const;

  Kind kind_;
  std::vector<std::string> features_;
  Eigen::VectorXd first_;
  Eigen::VectorXd second_;
  double lo_ = 0.0;
  double hi_ = 1.0;
  // The affine map y = scale .* x + shift, derived from the statistics above.
  Eigen::VectorXd scale_;
  Eigen::VectorXd shift_;
};

}  // namespace ael::data

// Dataset: samples as the columns of a matrix, with a name per feature (row).
//
// Layout: `matrix()` is features x samples, column-major — the graph runtime's layout — so
// the samples [b, b + n) are `batch(b, n)`, a block of columns, without a copy. A row of a
// CSV file, an image of an IDX file, a numpy row: each becomes one column here.
//
// Feature names are unique. A Dataset is a value: every operation returns a new one.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ael::data {

using Index = Eigen::Index;
/// A block of whole columns (samples) of a dataset's matrix: a view, not a copy.
using BatchView = Eigen::MatrixXd::ConstColsBlockXpr;

/// Summary statistics of one feature. `std` is the population standard deviation (divides
/// by n), the same one the zscore normaliser uses.
struct FeatureStats {
  std::string name;
  double mean = 0;
  double std = 0;
  double min = 0;
  double max = 0;
};

class Dataset {
 public:
  Dataset() = default;
  /// `samples` is features x samples. `names` has one entry per feature; empty gives
  /// "x0", "x1", ... Throws ael::Error for a wrong count or duplicate names.
  explicit Dataset(Eigen::MatrixXd samples, std::vector<std::string> names = {});

  Index features() const { return data_.rows(); }
  Index samples() const { return data_.cols(); }
  const Eigen::MatrixXd& matrix() const { return data_; }
  /// Moves the matrix out (for consumers that take ownership).
  Eigen::MatrixXd release() && { return std::move(data_); }
  const std::vector<std::string>& names() const { return names_; }

  /// Index of a feature; throws ael::Error("no feature 'x' (features: ...); did you mean
  /// ...?") when absent.
  Index feature_index(std::string_view name) const;
  std::optional<Index> find_feature(std::string_view name) const;

  /// The samples [begin, begin + count) as a view (no copy). Throws when out of range.
  BatchView batch(Index begin, Index count) const;

  /// Features by name or index, in the order given.
  Dataset select(const std::vector<std::string>& names) const;
  Dataset select(const std::vector<Index>& features) const;
  /// Every feature except these.
  Dataset drop(const std::vector<std::string>& names) const;
  /// Appends a feature (one value per sample).
  Dataset with_feature(std::string name, const Eigen::RowVectorXd& values) const;

  /// Samples by index, in the order given (repeats allowed).
  Dataset take(const std::vector<Index>& samples) const;
  /// Samples [begin, end).
  Dataset slice(Index begin, Index end) const;
  /// Samples in the order random_permutation(samples, Rng::stream(seed, {"shuffle"})).
  Dataset shuffled(std::uint64_t seed) const;
  /// Shuffles with Rng::stream(seed, {"split"}), then the first round(fraction * samples)
  /// samples form the first part and the rest the second. fraction in [0, 1].
  std::pair<Dataset, Dataset> split(double fraction, std::uint64_t seed) const;

  /// Replaces the integer-valued feature `label` (values in [0, classes)) by `classes`
  /// one-hot features "label_0" ... at its position.
  Dataset one_hot(std::string_view label, int classes) const;

  /// Per-feature mean / std / min / max. Throws for a dataset without samples.
  std::vector<FeatureStats> describe() const;

  /// Samples of several datasets one after another (same feature names, same order).
  static Dataset concat_samples(const std::vector<Dataset>& parts);
  /// Features of several datasets side by side (same sample count, distinct names).
  static Dataset concat_features(const std::vector<Dataset>& parts);

 private:
  Eigen::MatrixXd data_;
  std::vector<std::string> names_;
};

/// The classes x n matrix whose column j is the one-hot vector of labels[j]. Throws
/// ael::Error when a label is outside [0, classes).
Eigen::MatrixXd one_hot_matrix(const std::vector<int>& labels, int classes);

/// The one check every generator makes before allocating: n >= 0, and n samples of
/// `features` numbers (with room for the generator's temporaries) fit in this machine's
/// memory. Throws ael::Error naming the generator (`what`).
void check_sample_count(Eigen::Index n, Eigen::Index features, const char* what);

/// "p0", "p1", ... (`prefix` + index), for wide data such as image pixels.
std::vector<std::string> numbered_names(const std::string& prefix, Index count);

}  // namespace ael::data

#include "data/dataset.hpp"

#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "ael/closest_name.hpp"
#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "data/random_order.hpp"
#include "io/number_text.hpp"
#include "util/memory_budget.hpp"

namespace ael::data {
namespace {

std::string list_names(const std::vector<std::string>& names) {
  constexpr std::size_t kShown = 12;
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i) {
    s += (i ? ", " : "") + names[i];
  }
  if (names.size() > kShown) s += ", ... (" + std::to_string(names.size()) + " in all)";
  return s.empty() ? "none" : s;
}

void check_unique(const std::vector<std::string>& names, const char* what) {
  std::unordered_set<std::string> seen;
  for (const auto& n : names) {
    if (!seen.insert(n).second)
      throw Error(std::string(what) + ": duplicate feature name '" + n + "'");
  }
}

void check_sample(Index i, Index samples, const char* what) {
  if (i < 0 || i >= samples) {
    throw Error(std::string(what) + ": sample index " + std::to_string(i) + " is out of range (" +
                std::to_string(samples) + " samples)");
  }
}

}  // namespace

Dataset::Dataset(Eigen::MatrixXd samples, std::vector<std::string> names)
    : data_(std::move(samples)), names_(std::move(names)) {
  if (names_.empty() && data_.rows() > 0) names_ = numbered_names("x", data_.rows());
  if (static_cast<Index>(names_.size()) != data_.rows()) {
    throw Error("dataset: " + std::to_string(names_.size()) + " feature names for " +
                std::to_string(data_.rows()) + " features");
  }
  check_unique(names_, "dataset");
}

std::optional<Index> Dataset::find_feature(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<Index>(i);
  }
  return std::nullopt;
}

Index Dataset::feature_index(std::string_view name) const {
  if (auto i = find_feature(name)) return *i;
  throw Error("no feature '" + std::string(name) + "' (features: " + list_names(names_) + ")" +
              did_you_mean(name, names_));
}

BatchView Dataset::batch(Index begin, Index count) const {
  if (begin < 0 || count < 0 || begin + count > samples()) {
    throw Error("batch: samples [" + std::to_string(begin) + ", " + std::to_string(begin + count) +
                ") are out of range (" + std::to_string(samples()) + " samples)");
  }
  return data_.middleCols(begin, count);
}

Dataset Dataset::select(const std::vector<std::string>& names) const {
  std::vector<Index> indices;
  indices.reserve(names.size());
  for (const auto& n : names) indices.push_back(feature_index(n));
  return select(indices);
}

Dataset Dataset::select(const std::vector<Index>& features) const {
  Eigen::MatrixXd out(static_cast<Index>(features.size()), samples());
  std::vector<std::string> names;
  for (std::size_t k = 0; k < features.size(); ++k) {
    const Index f = features[k];
    if (f < 0 || f >= this->features()) {
      throw Error("select: feature index " + std::to_string(f) + " is out of range (" +
                  std::to_string(this->features()) + " features)");
    }
    out.row(static_cast<Index>(k)) = data_.row(f);
    names.push_back(names_[static_cast<std::size_t>(f)]);
  }
  return Dataset(std::move(out), std::move(names));
}

Dataset Dataset::drop(const std::vector<std::string>& names) const {
  std::vector<bool> dropped(names_.size(), false);
  for (const auto& n : names) dropped[static_cast<std::size_t>(feature_index(n))] = true;
  std::vector<Index> kept;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (!dropped[i]) kept.push_back(static_cast<Index>(i));
  }
  return select(kept);
}

Dataset Dataset::with_feature(std::string name, const Eigen::RowVectorXd& values) const {
  if (values.size() != samples()) {
    throw Error("with_feature: '" + name + "' has " + std::to_string(values.size()) +
                " values for " + std::to_string(samples()) + " samples");
  }
  if (find_feature(name)) throw Error("with_feature: there is already a feature '" + name + "'");
  Eigen::MatrixXd out(features() + 1, samples());
  out.topRows(features()) = data_;
  out.row(features()) = values;
  std::vector<std::string> names = names_;
  names.push_back(std::move(name));
  return Dataset(std::move(out), std::move(names));
}

Dataset Dataset::take(const std::vector<Index>& indices) const {
  Eigen::MatrixXd out(features(), static_cast<Index>(indices.size()));
  for (std::size_t k = 0; k < indices.size(); ++k) {
    check_sample(indices[k], samples(), "take");
    out.col(static_cast<Index>(k)) = data_.col(indices[k]);
  }
  return Dataset(std::move(out), names_);
}

Dataset Dataset::slice(Index begin, Index end) const {
  if (begin < 0 || end < begin || end > samples()) {
    throw Error("slice: samples [" + std::to_string(begin) + ", " + std::to_string(end) +
                ") are out of range (" + std::to_string(samples()) + " samples)");
  }
  return Dataset(data_.middleCols(begin, end - begin), names_);
}

Dataset Dataset::shuffled(std::uint64_t seed) const {
  Rng rng = Rng::stream(seed, {stream_key("shuffle")});
  return take(random_permutation(samples(), rng));
}

std::pair<Dataset, Dataset> Dataset::split(double fraction, std::uint64_t seed) const {
  if (!(fraction >= 0.0 && fraction <= 1.0)) {
    throw Error("split: fraction " + io::number_text(fraction) + " is not in [0, 1]");
  }
  Rng rng = Rng::stream(seed, {stream_key("split")});
  const std::vector<Index> order = random_permutation(samples(), rng);
  const auto first = static_cast<std::ptrdiff_t>(std::llround(fraction * samples()));
  return {take({order.begin(), order.begin() + first}), take({order.begin() + first, order.end()})};
}

Dataset Dataset::one_hot(std::string_view label, int classes) const {
  const Index f = feature_index(label);
  if (classes < 1)
    throw Error("one_hot: classes must be at least 1, got " + std::to_string(classes));
  std::vector<int> labels(static_cast<std::size_t>(samples()));
  for (Index j = 0; j < samples(); ++j) {
    const double v = data_(f, j);
    if (!(v >= 0 && v < classes) || std::trunc(v) != v) {
      throw Error("one_hot: feature '" + std::string(label) + "', sample " + std::to_string(j) +
                  ": value " + io::number_text(v) + " is not a class index in [0, " +
                  std::to_string(classes) + ")");
    }
    labels[static_cast<std::size_t>(j)] = static_cast<int>(v);
  }
  const Eigen::MatrixXd encoded = one_hot_matrix(labels, classes);
  Eigen::MatrixXd out(features() - 1 + classes, samples());
  out.topRows(f) = data_.topRows(f);
  out.middleRows(f, classes) = encoded;
  out.bottomRows(features() - 1 - f) = data_.bottomRows(features() - 1 - f);
  std::vector<std::string> names(names_.begin(), names_.begin() + f);
  for (int c = 0; c < classes; ++c) names.push_back(std::string(label) + "_" + std::to_string(c));
  names.insert(names.end(), names_.begin() + f + 1, names_.end());
  return Dataset(std::move(out), std::move(names));
}

std::vector<FeatureStats> Dataset::describe() const {
  if (samples() == 0) throw Error("describe: the dataset has no samples");
  std::vector<FeatureStats> stats;
  for (Index f = 0; f < features(); ++f) {
    const auto row = data_.row(f);
    FeatureStats s;
    s.name = names_[static_cast<std::size_t>(f)];
    s.mean = row.mean();
    s.std = std::sqrt((row.array() - s.mean).square().mean());
    s.min = row.minCoeff();
    s.max = row.maxCoeff();
    stats.push_back(std::move(s));
  }
  return stats;
}

Dataset Dataset::concat_samples(const std::vector<Dataset>& parts) {
  if (parts.empty()) return Dataset();
  Index total = 0;
  for (const Dataset& p : parts) {
    if (p.names_ != parts.front().names_) {
      throw Error("concat: the datasets have different features (" +
                  list_names(parts.front().names_) + " vs " + list_names(p.names_) + ")");
    }
    total += p.samples();
  }
  Eigen::MatrixXd out(parts.front().features(), total);
  Index at = 0;
  for (const Dataset& p : parts) {
    out.middleCols(at, p.samples()) = p.data_;
    at += p.samples();
  }
  return Dataset(std::move(out), parts.front().names_);
}

Dataset Dataset::concat_features(const std::vector<Dataset>& parts) {
  if (parts.empty()) return Dataset();
  Index total = 0;
  std::vector<std::string> names;
  for (const Dataset& p : parts) {
    if (p.samples() != parts.front().samples()) {
      throw Error("concat_features: the datasets have different sample counts (" +
                  std::to_string(parts.front().samples()) + " vs " + std::to_string(p.samples()) +
                  ")");
    }
    total += p.features();
    names.insert(names.end(), p.names_.begin(), p.names_.end());
  }
  check_unique(names, "concat_features");
  Eigen::MatrixXd out(total, parts.front().samples());
  Index at = 0;
  for (const Dataset& p : parts) {
    out.middleRows(at, p.features()) = p.data_;
    at += p.features();
  }
  return Dataset(std::move(out), std::move(names));
}

Eigen::MatrixXd one_hot_matrix(const std::vector<int>& labels, int classes) {
  if (classes < 1)
    throw Error("one_hot: classes must be at least 1, got " + std::to_string(classes));
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(classes, static_cast<Index>(labels.size()));
  for (std::size_t j = 0; j < labels.size(); ++j) {
    if (labels[j] < 0 || labels[j] >= classes) {
      throw Error("one_hot: label " + std::to_string(labels[j]) + " at sample " +
                  std::to_string(j) + " is not in [0, " + std::to_string(classes) + ")");
    }
    out(labels[j], static_cast<Index>(j)) = 1.0;
  }
  return out;
}

std::vector<std::string> numbered_names(const std::string& prefix, Index count) {
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(count));
  for (Index i = 0; i < count; ++i) names.push_back(prefix + std::to_string(i));
  return names;
}

void check_sample_count(Eigen::Index n, Eigen::Index features, const char* what) {
  if (n < 0) throw Error(std::string(what) + ": n must be >= 0, got " + std::to_string(n));
  // Twice the dataset: generators build the points, then the labelled or shuffled copy.
  require_memory(2.0 * static_cast<double>(n) * static_cast<double>(features + 1) * sizeof(double),
                 std::string(what) + "(n: " + std::to_string(n) + ")");
}

}  // namespace ael::data

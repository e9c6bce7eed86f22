#include "data/toy_sets.hpp"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "data/random_order.hpp"
#include "io/number_text.hpp"

namespace ael::data {
namespace {

constexpr double kPi = 3.14159265358979323846;

void check_noise(double noise, const char* what) {
  if (!(std::isfinite(noise) && noise >= 0)) {
    throw Error(std::string(what) + ": noise must be a finite number >= 0, got " +
                io::number_text(noise));
  }
}

// The points (features x n) with `extra` appended as a last feature when asked.
Dataset with_extra(Eigen::MatrixXd points, std::vector<std::string> names,
                   const Eigen::RowVectorXd& extra, bool keep, const char* extra_name) {
  if (!keep) return Dataset(std::move(points), std::move(names));
  Eigen::MatrixXd all(points.rows() + 1, points.cols());
  all.topRows(points.rows()) = points;
  all.row(points.rows()) = extra;
  names.emplace_back(extra_name);
  return Dataset(std::move(all), std::move(names));
}

// Columns (and their labels) in a random order, as sklearn's shuffle=True.
void shuffle_columns(Eigen::MatrixXd& points, Eigen::RowVectorXd& labels, Rng& rng) {
  const std::vector<Index> order = random_permutation(points.cols(), rng);
  Eigen::MatrixXd p(points.rows(), points.cols());
  Eigen::RowVectorXd l(labels.size());
  for (Index j = 0; j < points.cols(); ++j) {
    p.col(j) = points.col(order[static_cast<std::size_t>(j)]);
    l(j) = labels(order[static_cast<std::size_t>(j)]);
  }
  points = std::move(p);
  labels = std::move(l);
}

void add_noise(Eigen::MatrixXd& points, double noise, Rng& rng) {
  if (noise == 0) return;
  for (Index j = 0; j < points.cols(); ++j) {
    for (Index k = 0; k < points.rows(); ++k) points(k, j) += noise * rng.normal();
  }
}

// numpy.linspace(0, pi, count)[i].
double half_turn(Index i, Index count) {
  return count == 1 ? 0.0 : kPi * static_cast<double>(i) / static_cast<double>(count - 1);
}

}  // namespace

Dataset two_moons(Index n, double noise, bool labels, std::uint64_t seed) {
  check_sample_count(n, 2, "two_moons");
  check_noise(noise, "two_moons");
  Rng rng = Rng::stream(seed, {stream_key("two_moons")});
  const Index outer = n / 2;
  const Index inner = n - outer;
  Eigen::MatrixXd points(2, n);
  Eigen::RowVectorXd label(n);
  for (Index i = 0; i < outer; ++i) {
    const double t = half_turn(i, outer);
    points.col(i) << std::cos(t), std::sin(t);
    label(i) = 0;
  }
  for (Index i = 0; i < inner; ++i) {
    const double t = half_turn(i, inner);
    points.col(outer + i) << 1 - std::cos(t), 1 - std::sin(t) - 0.5;
    label(outer + i) = 1;
  }
  shuffle_columns(points, label, rng);
  add_noise(points, noise, rng);
  return with_extra(std::move(points), {"x", "y"}, label, labels, "label");
}

Eigen::MatrixXd random_centers(Index k, Index dim, double low, double high, std::uint64_t seed) {
  if (k < 1) throw Error("gaussian_mixture: centers must be >= 1, got " + std::to_string(k));
  if (dim < 1) throw Error("gaussian_mixture: dim must be >= 1, got " + std::to_string(dim));
  if (!(std::isfinite(low) && std::isfinite(high) && low < high)) {
    throw Error("gaussian_mixture: box [" + io::number_text(low) + ", " + io::number_text(high) +
                "] must be finite with low < high");
  }
  Rng rng = Rng::stream(seed, {stream_key("gaussian_mixture"), stream_key("centers")});
  Eigen::MatrixXd centers(k, dim);
  for (Index i = 0; i < k; ++i) {
    for (Index d = 0; d < dim; ++d) centers(i, d) = rng.uniform(low, high);
  }
  return centers;
}

Dataset gaussian_mixture(Index n, const Eigen::MatrixXd& centers, const Eigen::VectorXd& stds,
                         bool labels, std::uint64_t seed) {
  const Index k = centers.rows();
  const Index dim = centers.cols();
  check_sample_count(n, dim, "gaussian_mixture");
  if (k < 1 || dim < 1) throw Error("gaussian_mixture: needs at least one center");
  if (!centers.allFinite()) throw Error("gaussian_mixture: centers must be finite numbers");
  if (stds.size() != k) {
    throw Error("gaussian_mixture: std has " + std::to_string(stds.size()) + " entries for " +
                std::to_string(k) + " centers");
  }
  for (Index i = 0; i < k; ++i) {
    if (!(std::isfinite(stds(i)) && stds(i) >= 0)) {
      throw Error("gaussian_mixture: std must be finite numbers >= 0, got " +
                  io::number_text(stds(i)));
    }
  }
  Rng rng = Rng::stream(seed, {stream_key("gaussian_mixture")});
  Eigen::MatrixXd points(dim, n);
  Eigen::RowVectorXd label(n);
  Index j = 0;
  for (Index i = 0; i < k; ++i) {
    const Index count = n / k + (i < n % k ? 1 : 0);
    for (Index c = 0; c < count; ++c, ++j) {
      for (Index d = 0; d < dim; ++d) points(d, j) = centers(i, d) + stds(i) * rng.normal();
      label(j) = static_cast<double>(i);
    }
  }
  shuffle_columns(points, label, rng);
  return with_extra(std::move(points), numbered_names("x", dim), label, labels, "label");
}

Dataset swiss_roll(Index n, double noise, bool labels, std::uint64_t seed) {
  check_sample_count(n, 3, "swiss_roll");
  check_noise(noise, "swiss_roll");
  Rng rng = Rng::stream(seed, {stream_key("swiss_roll")});
  Eigen::MatrixXd points(3, n);
  Eigen::RowVectorXd position(n);
  for (Index j = 0; j < n; ++j) {
    const double t = 1.5 * kPi * (1 + 2 * rng.uniform());
    points.col(j) << t * std::cos(t), 21 * rng.uniform(), t * std::sin(t);
    position(j) = t;
  }
  add_noise(points, noise, rng);
  return with_extra(std::move(points), {"x", "y", "z"}, position, labels, "t");
}

Dataset s_curve(Index n, double noise, bool labels, std::uint64_t seed) {
  check_sample_count(n, 3, "s_curve");
  check_noise(noise, "s_curve");
  Rng rng = Rng::stream(seed, {stream_key("s_curve")});
  Eigen::MatrixXd points(3, n);
  Eigen::RowVectorXd position(n);
  for (Index j = 0; j < n; ++j) {
    const double t = 3 * kPi * (rng.uniform() - 0.5);
    const double sign = t > 0 ? 1.0 : (t < 0 ? -1.0 : 0.0);  // numpy.sign
    points.col(j) << std::sin(t), 2 * rng.uniform(), sign * (std::cos(t) - 1);
    position(j) = t;
  }
  add_noise(points, noise, rng);
  return with_extra(std::move(points), {"x", "y", "z"}, position, labels, "t");
}

}  // namespace ael::data

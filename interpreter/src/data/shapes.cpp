#include "data/shapes.hpp"

#include <cmath>
#include <string>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "data/random_order.hpp"
#include "io/number_text.hpp"

namespace ael::data {
namespace {

void check_finite(double v, const char* what, const char* name) {
  if (!std::isfinite(v)) throw Error(std::string(what) + ": " + name + " must be a finite number");
}

}  // namespace

Dataset points_on_line(double slope, Index n, std::pair<double, double> x_range,
                       std::uint64_t seed) {
  check_sample_count(n, 2, "points_on_line");
  check_finite(slope, "points_on_line", "slope");
  const auto [lo, hi] = x_range;
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi)) {
    throw Error("points_on_line: x_range [" + io::number_text(lo) + ", " + io::number_text(hi) +
                "] must be a finite interval with low < high");
  }
  Rng rng = Rng::stream(seed, {stream_key("points_on_line")});
  Eigen::MatrixXd points(2, n);
  for (Index j = 0; j < n; ++j) {
    const double x = rng.uniform(lo, hi);
    points(0, j) = x;
    points(1, j) = slope * x;
  }
  return Dataset(std::move(points), {"x", "y"});
}

Dataset points_on_circle(double radius, Index n, double angle_from, double angle_to,
                         const Eigen::Vector2d& center, std::uint64_t seed) {
  check_sample_count(n, 2, "points_on_circle");
  if (!(std::isfinite(radius) && radius > 0)) {
    throw Error("points_on_circle: radius must be a positive number, got " +
                io::number_text(radius));
  }
  if (!(std::isfinite(angle_from) && std::isfinite(angle_to) && angle_from < angle_to)) {
    throw Error("points_on_circle: the angle range [" + io::number_text(angle_from) + ", " +
                io::number_text(angle_to) + "] must be finite with angle_from < angle_to");
  }
  check_finite(center.x(), "points_on_circle", "center x");
  check_finite(center.y(), "points_on_circle", "center y");
  Rng rng = Rng::stream(seed, {stream_key("points_on_circle")});
  Eigen::MatrixXd points(2, n);
  for (Index j = 0; j < n; ++j) {
    const double t = rng.uniform(angle_from, angle_to);
    points(0, j) = center.x() + radius * std::cos(t);
    points(1, j) = center.y() + radius * std::sin(t);
  }
  return Dataset(std::move(points), {"x", "y"});
}

Dataset cube_surface(Index n, double half_side, std::uint64_t seed) {
  check_sample_count(n, 3, "cube_surface");
  if (!(std::isfinite(half_side) && half_side > 0)) {
    throw Error("cube_surface: half_side must be a positive number, got " +
                io::number_text(half_side));
  }
  Rng rng = Rng::stream(seed, {stream_key("cube_surface")});
  Eigen::MatrixXd points(3, n);
  for (Index j = 0; j < n; ++j) {
    // Faces 0..5: axis = face / 2, side = -h for even faces, +h for odd ones.
    const auto face = static_cast<Index>(rng.below(6));
    const Index axis = face / 2;
    for (Index k = 0; k < 3; ++k) {
      points(k, j) =
          k == axis ? (face % 2 ? half_side : -half_side) : rng.uniform(-half_side, half_side);
    }
  }
  return Dataset(std::move(points), {"x", "y", "z"});
}

}  // namespace ael::data

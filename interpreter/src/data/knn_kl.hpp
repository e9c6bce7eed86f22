// The k-nearest-neighbour estimator of the KL divergence D(P || Q) from samples, by
// Wang, Kulkarni & Verdu (2009), "Divergence estimation for multidimensional densities
// via k-nearest-neighbor distances" (IEEE Trans. Inf. Theory 55(5)), eq. (5):
//
//   D(P || Q) ~ d/n sum_i log(nu_k(i) / rho_k(i)) + log(m / (n - 1))
//
// with x_1..x_n ~ P and y_1..y_m ~ Q in R^d (columns of x and y), rho_k(i) the distance
// from x_i to its k-th nearest neighbour among the other x, and nu_k(i) the distance from
// x_i to its k-th nearest neighbour among the y. It is what AEL uses for the cube
// paper's "generative KL" (generated points against data), whose estimator the paper
// does not name. A plain function, not an op: it is a metric, not a differentiable loss.
// Header-only so the host (or a test) can call it without loading the plugin.
#pragma once

#include <Eigen/Core>
#include <ael/diagnostic.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace ael::data {

namespace detail {

// k-th smallest (1-based k) squared distance from `point` to the columns of `set`,
// leaving out column `skip` (-1: none). `scratch` has set.cols() entries.
inline double kth_sq_distance(const Eigen::MatrixXd& set, const Eigen::VectorXd& point, int k,
                              Eigen::Index skip, std::vector<double>& scratch) {
  Eigen::Map<Eigen::RowVectorXd> d(scratch.data(), set.cols());
  d = (set.colwise() - point).colwise().squaredNorm();
  if (skip >= 0) d[skip] = std::numeric_limits<double>::infinity();
  std::nth_element(scratch.begin(), scratch.begin() + (k - 1), scratch.end());
  return scratch[static_cast<std::size_t>(k - 1)];
}

}  // namespace detail

/// D(P || Q) estimated from x ~ P (d x n) and y ~ Q (d x m), in nats. Returns +infinity
/// when more than k samples of x coincide (P has point masses: a collapsed generator is
/// infinitely far from a continuous Q). Throws ael::Error when the dimensions differ, when
/// k is not in [1, min(n - 1, m)], or when a sample of x has its k-th neighbour in y at
/// distance 0 (the log ratio is undefined).
inline double knn_kl_divergence(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, int k = 1) {
  const Eigen::Index d = x.rows(), n = x.cols(), m = y.cols();
  if (y.rows() != d) {
    throw ael::Error("knn_kl: x has " + std::to_string(d) + " features but y has " +
                     std::to_string(y.rows()) + " (both sample sets need the same dimension)");
  }
  if (k < 1 || k > n - 1 || k > m) {
    throw ael::Error("knn_kl: k must be in [1, min(n - 1, m)] = [1, " +
                     std::to_string(std::min(n - 1, m)) + "], got " + std::to_string(k) + " (n = " +
                     std::to_string(n) + " samples of x, m = " + std::to_string(m) + " of y)");
  }
  std::vector<double> within(static_cast<std::size_t>(n)), across(static_cast<std::size_t>(m));
  double sum_log_ratio = 0;  // sum_i log(nu^2 / rho^2)
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::VectorXd xi = x.col(i);
    const double rho2 = detail::kth_sq_distance(x, xi, k, i, within);
    const double nu2 = detail::kth_sq_distance(y, xi, k, -1, across);
    if (!(rho2 > 0)) return std::numeric_limits<double>::infinity();
    if (!(nu2 > 0)) {
      throw ael::Error("knn_kl: sample " + std::to_string(i) +
                       " of x has its k-th nearest neighbour (k = " + std::to_string(k) +
                       ") in y at distance 0 (repeated points; try a larger k)");
    }
    sum_log_ratio += std::log(nu2 / rho2);
  }
  const double dim = static_cast<double>(d);
  return dim / static_cast<double>(n) * 0.5 * sum_log_ratio +
         std::log(static_cast<double>(m) / static_cast<double>(n - 1));
}

}  // namespace ael::data

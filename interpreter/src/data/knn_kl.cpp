#include "data/knn_kl.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ael/diagnostic.hpp"

namespace ael::data {

namespace {

// k-th smallest (1-based k) squared distance from `point` to the columns of `set`,
// leaving out column `skip` (-1: none). `scratch` has set.cols() entries.
double kth_sq_distance(const Eigen::MatrixXd& set, const Eigen::VectorXd& point, int k,
                       Eigen::Index skip, std::vector<double>& scratch) {
  Eigen::Map<Eigen::RowVectorXd> d(scratch.data(), set.cols());
  d = (set.colwise() - point).colwise().squaredNorm();
  if (skip >= 0) d[skip] = std::numeric_limits<double>::infinity();
  std::nth_element(scratch.begin(), scratch.begin() + (k - 1), scratch.end());
  return scratch[static_cast<std::size_t>(k - 1)];
}

}  // namespace

double knn_kl_divergence(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, int k) {
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
    const double rho2 = kth_sq_distance(x, xi, k, i, within);
    const double nu2 = kth_sq_distance(y, xi, k, -1, across);
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

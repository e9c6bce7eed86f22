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
// In the library (not the kl plugin), so the host and tests call it directly.
#pragma once

#include <Eigen/Core>

namespace ael::data {

/// D(P || Q) estimated from x ~ P (d x n) and y ~ Q (d x m), in nats. Returns +infinity
/// when more than k samples of x coincide (P has point masses: a collapsed generator is
/// infinitely far from a continuous Q). Throws ael::Error when the dimensions differ, when
/// k is not in [1, min(n - 1, m)], or when a sample of x has its k-th neighbour in y at
/// distance 0 (the log ratio is undefined).
double knn_kl_divergence(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, int k = 1);

}  // namespace ael::data

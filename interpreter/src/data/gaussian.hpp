// Multivariate gaussian data, including the backprop-vs-bio paper's recipe.
//
// Sampling: x = mean + A z with z ~ N(0, I) (ael::Rng::normal) and A A^T = C. A is the
// Cholesky factor when C is positive definite; otherwise (semi-definite, e.g. rho = 1) it is
// V sqrt(max(L, 0)) from the eigen-decomposition C = V L V^T. Samples are drawn one after
// another from one stream, so the first k of n samples do not depend on n.
#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "data/dataset.hpp"

namespace ael::data {

struct GaussianParameters {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
};

/// A with A A^T = covariance (see above). Throws ael::Error when the covariance is not
/// square or not symmetric, and — unless `clamp_negative` — when it has an eigenvalue below
/// -1e-10 * (largest |eigenvalue|). With `clamp_negative` such eigenvalues are set to 0,
/// i.e. the samples follow the nearest positive semi-definite matrix.
Eigen::MatrixXd covariance_factor(const Eigen::MatrixXd& covariance, bool clamp_negative = false);

/// `n` samples of N(mean, covariance), features "x0", "x1", ...
/// Stream: Rng::stream(seed, {"gaussian"}).
Dataset gaussian(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance, Index n,
                 std::uint64_t seed);

/// Zero mean, unit variances, every pair correlated by `rho`; valid for
/// -1/(dim-1) <= rho <= 1. Stream: Rng::stream(seed, {"gaussian"}) (same as gaussian()).
Dataset correlated_gaussian(Index dim, double rho, Index n, std::uint64_t seed);

/// The paper's data parameters (NOTES.md §1 "realValuedData"), drawn from
/// Rng::stream(seed, {"correlated_gaussian_paper", 0}) in this order:
///   C = U(0,1)^{dim x dim} (row by row), C = (C + C^T) / 2 + I * (0.5 if dim <= 4 else 1.0),
///   mean = U(0,1)^dim.
/// Same distribution as the authors' numpy code, not the same numbers. The "+ I" is the
/// authors' workaround to make C positive definite; it usually is, and when a seed gives an
/// indefinite C the sampler clamps the negative eigenvalues to 0 (numpy's SVD-based sampler
/// would flip their sign and warn).
GaussianParameters paper_gaussian_parameters(Index dim, std::uint64_t seed);

/// `n` samples of N(mean, C) with the parameters above; the samples come from
/// Rng::stream(seed, {"correlated_gaussian_paper", 1}). The paper uses n = 80000, seed 1337,
/// dim 4 or 8.
Dataset correlated_gaussian_paper(Index dim, Index n, std::uint64_t seed);

}  // namespace ael::data

// Multivariate gaussian data, including the backprop-vs-bio paper's recipe.
//
// Sampling: x = mean + A z with z ~ N(0, I) (ael::Rng::normal) and A A^T = C. A is the
// Cholesky factor when C is positive definite; otherwise (semi-definite, e.g. rho = 1) it is
// V sqrt(max(L, 0)) from the eigen-decomposition C = V L V^T. Samples are drawn one after
// another from one stream, so the first k of n samples do not depend on n.
#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "ael/random.hpp"
#include "data/dataset.hpp"

namespace ael::data {

struct GaussianParameters {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  int attempts = 1;  ///< draws of the recipe needed (paper_gaussian_parameters)
};

/// A with A A^T = covariance (see above). Throws ael::Error when the covariance is not
/// square, not symmetric, or has an eigenvalue below -1e-10 * (largest |eigenvalue|).
Eigen::MatrixXd covariance_factor(const Eigen::MatrixXd& covariance);

/// `n` samples of N(mean, covariance), features "x0", "x1", ...
/// Stream: Rng::stream(seed, {"gaussian"}).
Dataset gaussian(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance, Index n,
                 std::uint64_t seed);

/// Zero mean, unit variances, every pair correlated by `rho`; valid for
/// -1/(dim-1) <= rho <= 1. Stream: Rng::stream(seed, {"gaussian"}) (same as gaussian()).
Dataset correlated_gaussian(Index dim, double rho, Index n, std::uint64_t seed);

/// One draw of the backprop-vs-bio paper's recipe (docs/paper-notes.md §1 "realValuedData"), in
/// this order: C = U(0,1)^{dim x dim} (row by row), C = (C + C^T) / 2 + I * (0.5 if dim <= 4
/// else 1.0), mean = U(0,1)^dim. C may be indefinite: the "+ I" is the authors' workaround
/// and fails for about 40% of draws at dim 4 and 20% at dim 8.
GaussianParameters paper_gaussian_draw(Index dim, Rng& rng);

/// The paper's parameters for `seed`: draws from Rng::stream(seed,
/// {"correlated_gaussian_paper", 0, attempt}) for attempt = 0, 1, ... until C is positive
/// definite — the recipe conditioned on a valid covariance, as the authors' own draw was
/// (numpy, seed 1337: smallest eigenvalues 0.067 at dim 4, 0.012 at dim 8). Same
/// distribution as their code, not the same numbers. `attempts` tells how many draws it took.
GaussianParameters paper_gaussian_parameters(Index dim, std::uint64_t seed);

/// The authors' exact parameters for numpy seed `numpy_seed` (the paper: 1337). Their
/// `np.random.RandomState(seed).rand()` stream is MT19937 seeded with init_genrand, each
/// double built from two 32-bit outputs as (a >> 5, b >> 6) / 2^53; std::mt19937 is
/// specified bit for bit by the C++ standard, so mean and C equal numpy's to the last bit
/// (same order as paper_gaussian_draw). Throws when that C is not positive definite (numpy
/// would warn and sample from a different matrix); seed 1337 gives a valid C for dim 4 and 8.
GaussianParameters paper_gaussian_parameters_numpy(Index dim, std::uint32_t numpy_seed);

/// Where correlated_gaussian_paper takes its mean and covariance from.
enum class PaperParameters {
  Recipe,  ///< paper_gaussian_parameters(dim, seed): the recipe drawn with ael::Rng
  Numpy,   ///< paper_gaussian_parameters_numpy(dim, seed): the authors' exact numbers
};

/// `n` samples of N(mean, C), features "x0", ...; the samples come from
/// Rng::stream(seed, {"correlated_gaussian_paper", 1}) in both modes (numpy's sample stream
/// itself is not reproduced). The paper uses n = 80000, seed 1337, dim 4 or 8. With
/// PaperParameters::Numpy the seed must fit in 32 bits, as numpy requires.
Dataset correlated_gaussian_paper(Index dim, Index n, std::uint64_t seed,
                                  PaperParameters parameters = PaperParameters::Recipe);

}  // namespace ael::data

// The toy datasets researchers reach for first, as scikit-learn defines them
// (sklearn.datasets.make_moons, make_blobs, make_swiss_roll, make_s_curve): the same
// shapes, parameters and defaults, drawn from AEL's seeded generator (so the numbers differ
// from numpy's, the distributions do not).
//
// Each draws from Rng::stream(seed, {"<generator name>"}). Samples are shuffled where
// sklearn shuffles (moons, blobs), so a batch is never all one class. With `labels` the
// class (moons, mixture: "label") or the position along the manifold (swiss roll, S-curve:
// "t", sklearn's second return value) is appended as a last feature, for colouring a
// latent plot; it is off by default so `train M on two_moons()` trains on the points only.
#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "data/dataset.hpp"

namespace ael::data {

/// Two interleaving half circles: the upper one (label 0) of radius 1 around (0, 0), the
/// lower one (label 1) around (1, 0.5); floor(n / 2) points on the first, the rest on
/// the second, evenly spaced over [0, pi], shuffled, plus N(0, noise^2) on each
/// coordinate. Features "x", "y" (+ "label").
Dataset two_moons(Index n, double noise, bool labels, std::uint64_t seed);

/// Isotropic gaussian clusters (make_blobs): `centers` is k x dim, one center per row;
/// cluster i gets floor(n / k) samples, the first n % k clusters one more, each
/// N(center_i, std_i^2 I); shuffled. `stds` has k entries. Features "x0".. (+ "label").
Dataset gaussian_mixture(Index n, const Eigen::MatrixXd& centers, const Eigen::VectorXd& stds,
                         bool labels, std::uint64_t seed);

/// k centers uniform in [low, high)^dim: make_blobs' centers when only their count is given.
Eigen::MatrixXd random_centers(Index k, Index dim, double low, double high, std::uint64_t seed);

/// The swiss roll: t ~ U[1.5 pi, 4.5 pi), (t cos t, 21 U[0, 1), t sin t) plus
/// N(0, noise^2) on each coordinate. Features "x", "y", "z" (+ "t").
Dataset swiss_roll(Index n, double noise, bool labels, std::uint64_t seed);

/// The S-curve: t ~ U[-1.5 pi, 1.5 pi), (sin t, 2 U[0, 1), sign(t) (cos t - 1)) plus
/// N(0, noise^2) on each coordinate. Features "x", "y", "z" (+ "t").
Dataset s_curve(Index n, double noise, bool labels, std::uint64_t seed);

}  // namespace ael::data

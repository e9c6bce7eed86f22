// Point clouds on simple shapes: the meta-autoencoders paper's lines, circles and arcs, and
// the latent-space-control paper's cube surface. Each generator draws from
// Rng::stream(seed, {"<generator name>"}) and samples are drawn one after another, so the
// first k samples of n are the same for every n >= k.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <utility>

#include "data/dataset.hpp"

namespace ael::data {

/// Default x range of points_on_line. The paper (meta-autoencoders §3.1) does not state the
/// training range; its execution-driven loss probes x in {-10, -3.33, 3.33, 10}, so training
/// points cover the same interval.
constexpr std::pair<double, double> kLineXRange{-10.0, 10.0};

/// `n` points (x, slope * x) with x ~ U[x_range.first, x_range.second). Features "x", "y".
Dataset points_on_line(double slope, Index n, std::pair<double, double> x_range,
                       std::uint64_t seed);

/// `n` points center + radius * (cos t, sin t) with t ~ U[angle_from, angle_to) (radians).
/// Full circle: [-pi, pi) (the paper's PoaC); the paper's arcs (PoA): [pi/6, pi/3].
/// Features "x", "y".
Dataset points_on_circle(double radius, Index n, double angle_from, double angle_to,
                         const Eigen::Vector2d& center, std::uint64_t seed);

/// `n` points uniform on the surface of the cube [-h, h]^3: a face chosen uniformly (all six
/// have the same area), the two free coordinates ~ U[-h, h), the third at -h or +h. The
/// paper's data is half_side = 1. Features "x", "y", "z".
Dataset cube_surface(Index n, double half_side, std::uint64_t seed);

}  // namespace ael::data

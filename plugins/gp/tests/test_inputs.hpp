// Inputs the GP tests share.
#pragma once

#include <cstdint>

#include "ael/eigen.hpp"
#include "ael/random.hpp"

namespace ael::gp::test {

/// features x rows inputs uniform in [lo, hi), from Rng(seed).
inline Eigen::MatrixXd uniform_inputs(int features, int rows, std::uint64_t seed, double lo = -2,
                                      double hi = 2) {
  Rng rng(seed);
  Eigen::MatrixXd X(features, rows);
  for (int c = 0; c < rows; ++c) {
    for (int f = 0; f < features; ++f) X(f, c) = rng.uniform(lo, hi);
  }
  return X;
}

}  // namespace ael::gp::test

// Per-evaluation costs without any optimizer around them: where the time goes.
#pragma once

#include <Eigen/Core>
#include <cstdint>

namespace bench {

/// Prints CPU nanoseconds per AE evaluation for: the pagmo UDP called directly, the same
/// through pagmo::problem (type-erased, as pagmo::de calls it), and AEL's graph objective
/// (float64 and float32) evaluating `population` candidates in chunks of `chunk`.
void print_micro(const Eigen::MatrixXd& batch, const Eigen::MatrixXd& population,
                 Eigen::Index chunk, std::int64_t evaluations);

}  // namespace bench

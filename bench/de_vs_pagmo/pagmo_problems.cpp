#include "pagmo_problems.hpp"

#include "autoencoder.hpp"
#include "population/benchmark_functions.hpp"

namespace bench {
namespace {

template <int Rows, int Cols>
using Fixed = Eigen::Map<const Eigen::Matrix<double, Rows, Cols>>;

}  // namespace

pagmo::vector_double AeProblem::fitness(const pagmo::vector_double& p) const {
  static_assert(kAeParameters == 98 && kAeSamples == 40, "the layout below is the 8-4-2-4-8 AE");
  const double* w = p.data();
  const Fixed<8, kAeSamples> x(batch.data());
  // Blocks in the flat layout: W1 4x8, b1, W2 2x4, b2, W3 4x2, b3, W4 8x4, b4.
  const Eigen::Matrix<double, 4, kAeSamples> h1 =
      (Fixed<4, 8>(w) * x).colwise() + Fixed<4, 1>(w + 32);
  const Eigen::Matrix<double, 2, kAeSamples> h2 =
      (Fixed<2, 4>(w + 36) * h1).colwise() + Fixed<2, 1>(w + 44);
  const Eigen::Matrix<double, 4, kAeSamples> h3 =
      (Fixed<4, 2>(w + 46) * h2).colwise() + Fixed<4, 1>(w + 54);
  const Eigen::Matrix<double, 8, kAeSamples> y =
      (Fixed<8, 4>(w + 58) * h3).colwise() + Fixed<8, 1>(w + 90);
  // A plain loop: g++ 12 warns spuriously inside Eigen's AVX-512 reductions.
  double sum = 0;
  for (int j = 0; j < kAeSamples; ++j) {
    for (int i = 0; i < 8; ++i) sum += (y(i, j) - x(i, j)) * (y(i, j) - x(i, j));
  }
  return {sum / static_cast<double>(8 * kAeSamples)};
}

std::pair<pagmo::vector_double, pagmo::vector_double> AeProblem::get_bounds() const {
  return {pagmo::vector_double(kAeParameters, -bound), pagmo::vector_double(kAeParameters, bound)};
}

pagmo::vector_double RastriginProblem::fitness(const pagmo::vector_double& x) const {
  const Eigen::Map<const Eigen::VectorXd> v(x.data(), static_cast<Eigen::Index>(x.size()));
  return {ael::population::benchmark_value(ael::population::BenchmarkFunction::Rastrigin, v)};
}

std::pair<pagmo::vector_double, pagmo::vector_double> RastriginProblem::get_bounds() const {
  return {pagmo::vector_double(static_cast<std::size_t>(dimension), -5.12),
          pagmo::vector_double(static_cast<std::size_t>(dimension), 5.12)};
}

}  // namespace bench

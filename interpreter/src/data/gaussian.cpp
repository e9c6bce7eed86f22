#include "data/gaussian.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <cmath>
#include <random>
#include <string>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "data/random_order.hpp"
#include "io/number_text.hpp"
#include "util/memory_budget.hpp"

namespace ael::data {
namespace {

void check_symmetric(const Eigen::MatrixXd& c) {
  const double scale = std::max(1.0, c.cwiseAbs().maxCoeff());
  for (Index i = 0; i < c.rows(); ++i) {
    for (Index j = i + 1; j < c.cols(); ++j) {
      if (std::fabs(c(i, j) - c(j, i)) > 1e-12 * scale) {
        throw Error("gaussian: the covariance is not symmetric (C[" + std::to_string(i) + "," +
                    std::to_string(j) + "] = " + io::number_text(c(i, j)) + ", C[" +
                    std::to_string(j) + "," + std::to_string(i) +
                    "] = " + io::number_text(c(j, i)) + ")");
      }
    }
  }
}

// A dim x dim covariance, its factor and a temporary, then n samples: refused before any
// of it is allocated when it cannot fit.
void check_gaussian_size(Index dim, Index n, const char* what) {
  require_memory(3.0 * static_cast<double>(dim) * static_cast<double>(dim) * sizeof(double),
                 std::string(what) + "(dim: " + std::to_string(dim) + ")");
  check_sample_count(n, dim, what);
}

Eigen::MatrixXd draw(const Eigen::VectorXd& mean, const Eigen::MatrixXd& factor, Index n,
                     Rng& rng) {
  // One sample at a time, so sample j depends only on the first j draws of the stream.
  const Index d = mean.size();
  check_sample_count(n, d, "gaussian");
  Eigen::MatrixXd x(d, n);
  Eigen::VectorXd z(d);
  for (Index j = 0; j < n; ++j) {
    for (Index k = 0; k < d; ++k) z(k) = rng.normal();
    for (Index i = 0; i < d; ++i) {
      double sum = mean(i);
      for (Index k = 0; k < d; ++k) sum += factor(i, k) * z(k);
      x(i, j) = sum;
    }
  }
  return x;
}

}  // namespace

Eigen::MatrixXd covariance_factor(const Eigen::MatrixXd& c) {
  if (c.rows() != c.cols()) {
    throw Error("gaussian: the covariance must be square, got " + std::to_string(c.rows()) + " x " +
                std::to_string(c.cols()));
  }
  if (!c.allFinite()) throw Error("gaussian: the covariance holds a NaN or infinity");
  check_symmetric(c);
  Eigen::LLT<Eigen::MatrixXd> llt(c);
  if (llt.info() == Eigen::Success) return llt.matrixL();
  // Not positive definite: fall back to the eigen-decomposition, which also handles
  // semi-definite matrices (and tiny negative eigenvalues from rounding).
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(c);
  const Eigen::VectorXd values = eig.eigenvalues();
  const double tolerance = 1e-10 * std::max(1e-300, values.cwiseAbs().maxCoeff());
  if (values.minCoeff() < -tolerance) {
    throw Error("gaussian: the covariance is not positive semi-definite (smallest eigenvalue " +
                io::number_text(values.minCoeff(), 6) + ")");
  }
  return eig.eigenvectors() * values.cwiseMax(0.0).cwiseSqrt().asDiagonal();
}

Dataset gaussian(const Eigen::VectorXd& mean, const Eigen::MatrixXd& covariance, Index n,
                 std::uint64_t seed) {
  if (covariance.rows() != mean.size()) {
    throw Error("gaussian: the mean has " + std::to_string(mean.size()) +
                " entries, the covariance is " + std::to_string(covariance.rows()) + " x " +
                std::to_string(covariance.cols()));
  }
  if (!mean.allFinite()) throw Error("gaussian: the mean holds a NaN or infinity");
  const Eigen::MatrixXd factor = covariance_factor(covariance);
  Rng rng = Rng::stream(seed, {stream_key("gaussian")});
  return Dataset(draw(mean, factor, n, rng));
}

Dataset correlated_gaussian(Index dim, double rho, Index n, std::uint64_t seed) {
  if (dim < 1) throw Error("correlated_gaussian: dim must be >= 1, got " + std::to_string(dim));
  const double lowest = dim > 1 ? -1.0 / static_cast<double>(dim - 1) : -1.0;
  if (!(rho >= lowest && rho <= 1.0)) {
    throw Error("correlated_gaussian: rho " + io::number_text(rho) + " must be in [" +
                io::number_text(lowest, 6) + ", 1] for dim " + std::to_string(dim) +
                " (otherwise the covariance is not positive semi-definite)");
  }
  check_gaussian_size(dim, n, "correlated_gaussian");
  Eigen::MatrixXd c = Eigen::MatrixXd::Constant(dim, dim, rho);
  c.diagonal().setOnes();
  return gaussian(Eigen::VectorXd::Zero(dim), c, n, seed);
}

GaussianParameters paper_gaussian_draw(Index dim, Rng& rng) {
  if (dim < 1) {
    throw Error("correlated_gaussian_paper: dim must be >= 1, got " + std::to_string(dim));
  }
  check_gaussian_size(dim, 0, "correlated_gaussian_paper");
  Eigen::MatrixXd c(dim, dim);
  for (Index i = 0; i < dim; ++i) {
    for (Index j = 0; j < dim; ++j) c(i, j) = rng.uniform();
  }
  GaussianParameters p;
  p.covariance = (c + c.transpose()) / 2.0;
  p.covariance.diagonal().array() += dim <= 4 ? 0.5 : 1.0;
  p.mean.resize(dim);
  for (Index i = 0; i < dim; ++i) p.mean(i) = rng.uniform();
  return p;
}

GaussianParameters paper_gaussian_parameters(Index dim, std::uint64_t seed) {
  // At dim 4 a draw is indefinite with probability ~0.4, so 1000 attempts never run out.
  constexpr int kMaxAttempts = 1000;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    Rng rng = Rng::stream(
        seed, {stream_key("correlated_gaussian_paper"), 0, static_cast<std::uint64_t>(attempt)});
    GaussianParameters p = paper_gaussian_draw(dim, rng);
    if (Eigen::LLT<Eigen::MatrixXd>(p.covariance).info() == Eigen::Success) {
      p.attempts = attempt + 1;
      return p;
    }
  }
  throw Error("correlated_gaussian_paper: no positive definite covariance in " +
              std::to_string(kMaxAttempts) + " draws for dim " + std::to_string(dim));
}

GaussianParameters paper_gaussian_parameters_numpy(Index dim, std::uint32_t numpy_seed) {
  if (dim < 1) {
    throw Error("correlated_gaussian_paper: dim must be >= 1, got " + std::to_string(dim));
  }
  // Not an ael::Rng on purpose: the point is to reproduce numpy's numbers exactly.
  check_gaussian_size(dim, 0, "correlated_gaussian_paper");
  std::mt19937 mt(numpy_seed);
  const auto random_sample = [&mt] {
    const std::uint32_t a = mt() >> 5, b = mt() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  };
  Eigen::MatrixXd c(dim, dim);
  for (Index i = 0; i < dim; ++i) {
    for (Index j = 0; j < dim; ++j) c(i, j) = random_sample();
  }
  GaussianParameters p;
  p.covariance = (c + c.transpose()) / 2.0;
  p.covariance.diagonal().array() += dim <= 4 ? 0.5 : 1.0;
  p.mean.resize(dim);
  for (Index i = 0; i < dim; ++i) p.mean(i) = random_sample();
  if (Eigen::LLT<Eigen::MatrixXd>(p.covariance).info() != Eigen::Success) {
    throw Error("correlated_gaussian_paper: numpy seed " + std::to_string(numpy_seed) +
                " gives an indefinite covariance for dim " + std::to_string(dim) +
                " (the recipe's '+ I' is not always enough); use the recipe parameters");
  }
  return p;
}

Dataset correlated_gaussian_paper(Index dim, Index n, std::uint64_t seed,
                                  PaperParameters parameters) {
  if (parameters == PaperParameters::Numpy && seed > 0xFFFFFFFFu) {
    throw Error("correlated_gaussian_paper: numpy seeds must be below 2^32, got " +
                std::to_string(seed));
  }
  const GaussianParameters p =
      parameters == PaperParameters::Numpy
          ? paper_gaussian_parameters_numpy(dim, static_cast<std::uint32_t>(seed))
          : paper_gaussian_parameters(dim, seed);
  Rng rng = Rng::stream(seed, {stream_key("correlated_gaussian_paper"), 1});
  return Dataset(draw(p.mean, covariance_factor(p.covariance), n, rng));
}

}  // namespace ael::data

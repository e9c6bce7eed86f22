// g++ 12 reports -Wmaybe-uninitialized false positives inside Eigen's AVX-512 matrix-product
// kernels (in the compiler's own intrinsic headers). Silenced for this file only, before
// anything is included, so the pragma covers those headers' code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "population/encoding.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

#include "ael/diagnostic.hpp"

namespace ael::population {
namespace {

void require_shape(const char* what, Eigen::Index rows, Eigen::Index cols, Eigen::Index want_rows,
                   Eigen::Index want_cols) {
  if (rows != want_rows || cols != want_cols) {
    throw Error(std::string(what) + ": expected a " + std::to_string(want_rows) + " x " +
                std::to_string(want_cols) + " matrix, got " + std::to_string(rows) + " x " +
                std::to_string(cols));
  }
}

}  // namespace

Encoding::~Encoding() = default;

Eigen::MatrixXd Encoding::decode(const Eigen::Ref<const Eigen::MatrixXd>& genomes) const {
  Eigen::MatrixXd params(parameter_count(), genomes.cols());
  decode(genomes, params);
  return params;
}

Eigen::MatrixXd Encoding::encode(const Eigen::Ref<const Eigen::MatrixXd>& params) const {
  Eigen::MatrixXd genomes(genome_size(), params.cols());
  encode(params, genomes);
  return genomes;
}

// ---- direct ------------------------------------------------------------------------------

DirectEncoding::DirectEncoding(Eigen::Index parameters) : n_(parameters) {
  if (n_ < 1) throw Error("direct encoding: the model has no parameters");
}

void DirectEncoding::decode(const Eigen::Ref<const Eigen::MatrixXd>& genomes,
                            Eigen::Ref<Eigen::MatrixXd> params) const {
  require_shape("direct decode", params.rows(), params.cols(), n_, genomes.cols());
  require_shape("direct decode", genomes.rows(), genomes.cols(), n_, genomes.cols());
  params = genomes;
}

void DirectEncoding::encode(const Eigen::Ref<const Eigen::MatrixXd>& params,
                            Eigen::Ref<Eigen::MatrixXd> genomes) const {
  require_shape("direct encode", params.rows(), params.cols(), n_, params.cols());
  require_shape("direct encode", genomes.rows(), genomes.cols(), n_, params.cols());
  genomes = params;
}

// ---- dct ---------------------------------------------------------------------------------

Eigen::MatrixXd dct_basis(Eigen::Index n, Eigen::Index k) {
  const double pi = 3.14159265358979323846;
  // cos(pi m / (2n)) has period 4n in m, so the whole basis uses only 4n distinct cosines:
  // tabulate them once and index with (2i+1) j reduced exactly in integers.
  const std::int64_t period = 4 * static_cast<std::int64_t>(n);
  std::vector<double> cosines(static_cast<std::size_t>(period));
  for (std::int64_t m = 0; m < period; ++m) {
    cosines[static_cast<std::size_t>(m)] =
        std::cos(pi * static_cast<double>(m) / (2.0 * static_cast<double>(n)));
  }
  const double s0 = std::sqrt(1.0 / static_cast<double>(n));
  const double s = std::sqrt(2.0 / static_cast<double>(n));
  Eigen::MatrixXd basis(n, k);
  for (Eigen::Index j = 0; j < k; ++j) {
    const double scale = j == 0 ? s0 : s;
    // m = (2i + 1) j mod 4n, stepped by 2j mod 4n from row to row.
    const std::int64_t step = (2 * static_cast<std::int64_t>(j)) % period;
    std::int64_t m = static_cast<std::int64_t>(j) % period;
    for (Eigen::Index i = 0; i < n; ++i) {
      basis(i, j) = scale * cosines[static_cast<std::size_t>(m)];
      m += step;
      if (m >= period) m -= period;
    }
  }
  return basis;
}

DctEncoding::DctEncoding(Eigen::Index parameters, Eigen::Index coefficients, DctInit init)
    : n_(parameters), k_(coefficients), init_(init) {
  if (n_ < 1) throw Error("dct encoding: the model has no parameters");
  if (k_ < 1 || k_ > n_) {
    throw Error("dct(" + std::to_string(k_) +
                "): the number of coefficients must be between 1 and " +
                "the number of parameters (" + std::to_string(n_) + ")");
  }
  synthesis_ = dct_basis(n_, k_);
  init_analysis_ = init_ == DctInit::Truncate ? dct_basis(k_, k_).transpose().eval()
                                              : synthesis_.transpose().eval();
}

std::string DctEncoding::describe() const {
  return "dct(" + std::to_string(k_) + (init_ == DctInit::Project ? ", init: project" : "") + ")";
}

void DctEncoding::decode(const Eigen::Ref<const Eigen::MatrixXd>& genomes,
                         Eigen::Ref<Eigen::MatrixXd> params) const {
  require_shape("dct decode", genomes.rows(), genomes.cols(), k_, genomes.cols());
  require_shape("dct decode", params.rows(), params.cols(), n_, genomes.cols());
  // One matrix-matrix product: the basis is streamed from memory once per population, not
  // once per genome (for 1212 weights and k = 1000 it is 10 MB).
  params.noalias() = synthesis_ * genomes;
}

void DctEncoding::encode(const Eigen::Ref<const Eigen::MatrixXd>& params,
                         Eigen::Ref<Eigen::MatrixXd> genomes) const {
  require_shape("dct encode", params.rows(), params.cols(), n_, params.cols());
  require_shape("dct encode", genomes.rows(), genomes.cols(), k_, params.cols());
  const Eigen::Index used = init_ == DctInit::Truncate ? k_ : n_;
  for (Eigen::Index j = 0; j < params.cols(); ++j) {
    genomes.col(j).noalias() = init_analysis_ * params.col(j).head(used);
  }
}

}  // namespace ael::population

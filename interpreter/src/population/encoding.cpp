#include "population/encoding.hpp"

#include <cmath>

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
  Eigen::MatrixXd basis(n, k);
  const double s0 = std::sqrt(1.0 / static_cast<double>(n));
  const double s = std::sqrt(2.0 / static_cast<double>(n));
  const std::int64_t period = 4 * static_cast<std::int64_t>(n);
  for (Eigen::Index j = 0; j < k; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      // cos(pi m / (2n)) has period 4n in m: reduce exactly in integers first, so large
      // (2i+1) j keep full precision.
      const std::int64_t m = ((2 * static_cast<std::int64_t>(i) + 1) * j) % period;
      basis(i, j) = (j == 0 ? s0 : s) * std::cos(pi * static_cast<double>(m) / (2.0 * n));
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
  // Column by column (matrix-vector products): each genome's decoding is then the same
  // computation whatever the population size.
  for (Eigen::Index j = 0; j < genomes.cols(); ++j) {
    params.col(j).noalias() = synthesis_ * genomes.col(j);
  }
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

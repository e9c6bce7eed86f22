// Genome encodings: how a population optimizer's genome maps to a model's parameters.
//
//   direct   the genome is the parameter vector.
//   dct(k)   indirect encoding after Koutnik, Gomez & Schmidhuber (2010): the genome is k
//            DCT coefficients. Decoding zero-pads them to n and applies the orthonormal
//            inverse DCT (DCT-III): smooth, low-frequency weight vectors, k << n genes.
//
// Encoding an initial network (the host starts from P freshly initialised networks): the
// backprop-vs-bio paper's code computes scipy `dct(w, n=k, norm="ortho")`, which TRUNCATES
// w to its first k weights before the length-k orthonormal DCT-II. AEL follows that by
// default (DctInit::Truncate, what the paper's experiments ran) and offers the least-squares
// choice DctInit::Project: the first k coefficients of the length-n orthonormal DCT-II of
// the whole w, whose decoding is the closest dct(k) phenotype to w. Neither reproduces w
// exactly unless k == n (Project) — the initial phenotype is a smoothed version of it.
#pragma once

#include <Eigen/Core>
#include <memory>
#include <string>

namespace ael::population {

class Encoding {
 public:
  virtual ~Encoding();

  virtual Eigen::Index genome_size() const = 0;
  virtual Eigen::Index parameter_count() const = 0;
  /// "direct", "dct(25)".
  virtual std::string describe() const = 0;
  /// True when genomes are the parameters (decode is a copy the caller may skip).
  virtual bool is_identity() const { return false; }

  /// Parameters of every genome column: genomes is genome_size() x m, params is
  /// parameter_count() x m.
  virtual void decode(const Eigen::Ref<const Eigen::MatrixXd>& genomes,
                      Eigen::Ref<Eigen::MatrixXd> params) const = 0;
  /// Genomes of every parameter column (the initial population).
  virtual void encode(const Eigen::Ref<const Eigen::MatrixXd>& params,
                      Eigen::Ref<Eigen::MatrixXd> genomes) const = 0;

  Eigen::MatrixXd decode(const Eigen::Ref<const Eigen::MatrixXd>& genomes) const;
  Eigen::MatrixXd encode(const Eigen::Ref<const Eigen::MatrixXd>& params) const;
};

class DirectEncoding final : public Encoding {
 public:
  explicit DirectEncoding(Eigen::Index parameters);
  Eigen::Index genome_size() const override { return n_; }
  Eigen::Index parameter_count() const override { return n_; }
  std::string describe() const override { return "direct"; }
  bool is_identity() const override { return true; }
  void decode(const Eigen::Ref<const Eigen::MatrixXd>& genomes,
              Eigen::Ref<Eigen::MatrixXd> params) const override;
  void encode(const Eigen::Ref<const Eigen::MatrixXd>& params,
              Eigen::Ref<Eigen::MatrixXd> genomes) const override;
  using Encoding::decode;
  using Encoding::encode;

 private:
  Eigen::Index n_;
};

/// How DctEncoding::encode turns a network into its initial genome (see the file comment).
enum class DctInit {
  Truncate,  ///< orthonormal DCT-II of the first k weights (the paper's code; default)
  Project,   ///< first k coefficients of the orthonormal DCT-II of all n weights
};

class DctEncoding final : public Encoding {
 public:
  /// k = `coefficients` genes for n = `parameters` weights; needs 1 <= k <= n (throws
  /// ael::Error otherwise: a dct genome longer than the network compresses nothing).
  DctEncoding(Eigen::Index parameters, Eigen::Index coefficients, DctInit init = DctInit::Truncate);
  Eigen::Index genome_size() const override { return k_; }
  Eigen::Index parameter_count() const override { return n_; }
  std::string describe() const override;
  void decode(const Eigen::Ref<const Eigen::MatrixXd>& genomes,
              Eigen::Ref<Eigen::MatrixXd> params) const override;
  void encode(const Eigen::Ref<const Eigen::MatrixXd>& params,
              Eigen::Ref<Eigen::MatrixXd> genomes) const override;
  using Encoding::decode;
  using Encoding::encode;

 private:
  Eigen::Index n_, k_;
  DctInit init_;
  Eigen::MatrixXd synthesis_;      // n x k: the first k orthonormal DCT-III basis vectors
  Eigen::MatrixXd init_analysis_;  // k x k (Truncate) or k x n (Project)
};

/// The n x k matrix whose columns are the first k orthonormal DCT basis vectors of length n:
/// B(i, j) = s_j cos(pi (2i + 1) j / (2n)), s_0 = sqrt(1/n), s_j = sqrt(2/n). B * c is the
/// orthonormal DCT-III (inverse DCT) of c zero-padded to n; B^T * w gives the first k
/// coefficients of the orthonormal DCT-II of w.
Eigen::MatrixXd dct_basis(Eigen::Index n, Eigen::Index k);

}  // namespace ael::population

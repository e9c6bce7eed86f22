// Genome encodings: direct, and dct(k) (zero-padded orthonormal inverse DCT; initial
// genomes as in the backprop-vs-bio paper's code, or by projection).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ael/diagnostic.hpp"
#include "population/encoding.hpp"

namespace {

using namespace ael::population;

const double kPi = std::acos(-1.0);

// Reference formulas written out term by term (no shared code with the implementation).
double scale(Eigen::Index j, Eigen::Index n) {
  return std::sqrt((j == 0 ? 1.0 : 2.0) / static_cast<double>(n));
}

Eigen::VectorXd naive_dct2(const Eigen::VectorXd& w) {  // orthonormal DCT-II
  const Eigen::Index n = w.size();
  Eigen::VectorXd c(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    double s = 0;
    for (Eigen::Index i = 0; i < n; ++i) s += w[i] * std::cos(kPi * (2.0 * i + 1) * j / (2.0 * n));
    c[j] = scale(j, n) * s;
  }
  return c;
}

Eigen::VectorXd naive_dct3(const Eigen::VectorXd& c,
                           Eigen::Index n) {  // orthonormal inverse, c zero-padded to n
  Eigen::VectorXd w(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    double s = 0;
    for (Eigen::Index j = 0; j < c.size(); ++j)
      s += scale(j, n) * c[j] * std::cos(kPi * (2.0 * i + 1) * j / (2.0 * n));
    w[i] = s;
  }
  return w;
}

// Plain loops instead of Eigen reductions: g++ 12 warns spuriously inside Eigen's
// AVX-512 reduction kernels.
double max_abs(const Eigen::Ref<const Eigen::MatrixXd>& m) {
  double worst = 0;
  for (Eigen::Index c = 0; c < m.cols(); ++c) {
    for (Eigen::Index r = 0; r < m.rows(); ++r) worst = std::max(worst, std::fabs(m(r, c)));
  }
  return worst;
}

double dot(const Eigen::Ref<const Eigen::VectorXd>& a, const Eigen::Ref<const Eigen::VectorXd>& b) {
  double s = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  std::srand(seed);
  return Eigen::MatrixXd::Random(rows, cols);
}

TEST(Encoding, DirectIsTheIdentity) {
  DirectEncoding e(5);
  const Eigen::MatrixXd p = random_matrix(5, 3, 1);
  EXPECT_EQ(e.encode(p), p);
  EXPECT_EQ(e.decode(p), p);
  EXPECT_TRUE(e.is_identity());
  EXPECT_EQ(e.describe(), "direct");
  EXPECT_THROW(e.decode(random_matrix(4, 3, 1)), ael::Error);
}

TEST(Encoding, DctBasisIsOrthonormal) {
  const Eigen::MatrixXd b = dct_basis(29, 29);
  for (Eigen::Index i = 0; i < 29; ++i) {
    for (Eigen::Index j = 0; j < 29; ++j)
      EXPECT_NEAR(dot(b.col(i), b.col(j)), i == j ? 1.0 : 0.0, 1e-13);
  }
}

TEST(Encoding, DctDecodeIsTheZeroPaddedOrthonormalInverseDct) {
  DctEncoding e(29, 10);
  const Eigen::MatrixXd genomes = random_matrix(10, 4, 2);
  const Eigen::MatrixXd params = e.decode(genomes);
  ASSERT_EQ(params.rows(), 29);
  for (Eigen::Index c = 0; c < genomes.cols(); ++c) {
    EXPECT_LT(max_abs(params.col(c) - naive_dct3(genomes.col(c), 29)), 1e-13);
  }
}

TEST(Encoding, DctInitialGenomeIsTheDctOfTheFirstKWeightsLikeThePapersCode) {
  // scipy.fftpack.dct(w, n=4, norm="ortho") with w = [1..6] uses w[:4] = [1, 2, 3, 4]:
  // [5, -2.2304424973876635, 0, -0.15851266778110726] (values worked out by hand below).
  DctEncoding e(6, 4);
  Eigen::VectorXd w(6);
  w << 1, 2, 3, 4, 5, 6;
  const Eigen::VectorXd g = e.encode(Eigen::MatrixXd(w));
  // c1 = sqrt(1/2) (cos(pi/8) + 2cos(3pi/8) + 3cos(5pi/8) + 4cos(7pi/8))
  const double c1 = std::sqrt(0.5) * (std::cos(kPi / 8) + 2 * std::cos(3 * kPi / 8) +
                                      3 * std::cos(5 * kPi / 8) + 4 * std::cos(7 * kPi / 8));
  EXPECT_NEAR(g[0], 5.0, 1e-13);
  EXPECT_NEAR(g[1], c1, 1e-13);
  EXPECT_NEAR(g[1], -2.2304424973876635, 1e-12);
  EXPECT_NEAR(g[2], 0.0, 1e-13);
  EXPECT_NEAR(g[3], -0.15851266778110726, 1e-12);
  EXPECT_LT(max_abs(g - naive_dct2(w.head(4))), 1e-13);
}

TEST(Encoding, DctProjectionIsTheLeastSquaresGenome) {
  const Eigen::VectorXd w = random_matrix(29, 1, 3);
  DctEncoding e(29, 12, DctInit::Project);
  const Eigen::VectorXd g = e.encode(Eigen::MatrixXd(w));
  EXPECT_LT(max_abs(g - naive_dct2(w).head(12)), 1e-13);
  // The residual of the decoded genome is orthogonal to every basis vector used.
  const Eigen::VectorXd residual = w - e.decode(Eigen::MatrixXd(g));
  const Eigen::MatrixXd basis = dct_basis(29, 12);
  for (Eigen::Index j = 0; j < 12; ++j) EXPECT_NEAR(dot(basis.col(j), residual), 0.0, 1e-13);
  // With k = n the projection loses nothing.
  DctEncoding full(29, 29, DctInit::Project);
  EXPECT_LT(max_abs(full.decode(full.encode(Eigen::MatrixXd(w))) - w), 1e-13);
  EXPECT_EQ(e.describe(), "dct(12, init: project)");
}

TEST(Encoding, DctRejectsGenomesLongerThanTheNetwork) {
  EXPECT_THROW(DctEncoding(29, 30), ael::Error);
  EXPECT_THROW(DctEncoding(29, 0), ael::Error);
  try {
    DctEncoding(98, 120);
  } catch (const ael::Error& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "dct(120): the number of coefficients must be between 1 and the number of parameters (98)");
  }
  EXPECT_EQ(DctEncoding(98, 30).describe(), "dct(30)");
}

TEST(Encoding, DctBasisStaysAccurateForLargeNetworks) {
  // 1212 parameters (the LSTM H=10 case): far-apart basis vectors are still orthogonal.
  const Eigen::MatrixXd b = dct_basis(1212, 1212);
  EXPECT_LT(std::fabs(dot(b.col(3), b.col(1201))), 1e-12);
  EXPECT_NEAR(dot(b.col(1211), b.col(1211)), 1.0, 1e-12);
}

}  // namespace

#include <limits>
// The kl plugin: kl_normal against a Monte-Carlo estimate and finite differences; the k-NN
// KL estimator against the analytic KL of two Gaussians.
#include <gtest/gtest.h>

#include <cmath>

#include "data/knn_kl.hpp"
#include "loss_test_util.hpp"

namespace ael::loss_test {
namespace {

TEST(KlNormal, MatchesAMonteCarloEstimate) {
  // E_q[log q(z) - log p(z)] with z ~ q = N(mu, diag(exp(logvar))), p = N(0, I), per
  // column, averaged over the two columns.
  const Eigen::MatrixXd mu = (Eigen::MatrixXd(3, 2) << 0.5, -1, 0.2, 1.5, 0, -0.3).finished();
  const Eigen::MatrixXd lv = (Eigen::MatrixXd(3, 2) << -0.7, 0.4, 0.1, -1.2, 0.8, 0).finished();
  Rng rng(12);
  const int draws = 200000;
  double mc = 0;
  for (Index j = 0; j < 2; ++j) {
    double sum = 0;
    for (int s = 0; s < draws; ++s) {
      for (Index i = 0; i < 3; ++i) {
        const double sd = std::exp(0.5 * lv(i, j)), e = rng.normal();
        const double z = mu(i, j) + sd * e;
        sum += (-0.5 * e * e - std::log(sd)) - (-0.5 * z * z);  // log q - log p
      }
    }
    mc += sum / draws / 2;
  }
  LoadedLoss kl("kl");
  TestGraph t(kl.ops());
  const NodeId m = t.input("mu", Shape::batch(3), mu);
  const NodeId l = t.input("logvar", Shape::batch(3), lv);
  const NodeId loss = t.add("kl_normal", {m, l});
  const double closed = t.run<double>(loss, 2).value;
  EXPECT_NEAR(closed, mc, 0.01 * closed);
  EXPECT_NEAR(t.run<float>(loss, 2).value, closed, 1e-6 * closed);
  // The closed form by hand for the first column: 1/2 sum(exp(lv) + mu^2 - 1 - lv).
  double first = 0;
  for (Index i = 0; i < 3; ++i)
    first += 0.5 * (std::exp(lv(i, 0)) + mu(i, 0) * mu(i, 0) - 1 - lv(i, 0));
  TestGraph one(kl.ops());
  const NodeId loss1 = one.add("kl_normal", {one.input("mu", Shape::batch(3), mu.col(0)),
                                             one.input("logvar", Shape::batch(3), lv.col(0))});
  EXPECT_NEAR(one.run<double>(loss1, 1).value, first, 1e-15);
}

TEST(KlNormal, GradientsMatchFiniteDifferences) {
  Rng rng(2);
  LoadedLoss kl("kl");
  for (const Shape s : {Shape::batch(4), Shape::fixed(3, 2)}) {
    TestGraph t(kl.ops());
    const Index cols = s.runtime_cols(5);
    const NodeId m = t.input("mu", s, normal_matrix(s.rows, cols, rng));
    const NodeId l = t.input("logvar", s, normal_matrix(s.rows, cols, rng));
    const graph::GradcheckReport r = t.gradcheck(t.add("kl_normal", {m, l}), 5);
    EXPECT_TRUE(r.passed(1e-7)) << s.str() << ": " << r.summary();
    EXPECT_EQ(r.checked, 2 * s.rows * cols);
  }
}

TEST(KlNormal, MeanReductionDividesByTheLatentDimsAndKeepsGradientsRight) {
  Rng rng(4);
  LoadedLoss kl("kl");
  TestGraph t(kl.ops());
  const NodeId m = t.input("mu", Shape::batch(4), normal_matrix(4, 3, rng));
  const NodeId l = t.input("logvar", Shape::batch(4), normal_matrix(4, 3, rng));
  const double summed = t.run<double>(t.add("kl_normal", {m, l}), 3).value;
  const NodeId mean = t.add("kl_normal", {m, l}, {{"reduction", std::string("mean")}});
  EXPECT_NEAR(t.run<double>(mean, 3).value, summed / 4, 1e-14);
  const graph::GradcheckReport r = t.gradcheck(mean, 3);
  EXPECT_TRUE(r.passed(1e-7)) << r.summary();
}

TEST(KlNormal, FloatGradientsAgreeWithDouble) {
  Rng rng(2);
  LoadedLoss kl("kl");
  TestGraph t(kl.ops());
  const NodeId m = t.input("mu", Shape::batch(4), normal_matrix(4, 6, rng));
  const NodeId l = t.input("logvar", Shape::batch(4), normal_matrix(4, 6, rng));
  const NodeId loss = t.add("kl_normal", {m, l});
  const auto d = t.run<double>(loss, 6), f = t.run<float>(loss, 6);
  for (const char* name : {"mu", "logvar"}) {
    EXPECT_LT((d.grads.at(name) - f.grads.at(name)).cwiseAbs().maxCoeff(), 1e-6) << name;
  }
}

TEST(KlNormal, RejectsMismatchedShapes) {
  LoadedLoss kl("kl");
  TestGraph t(kl.ops());
  const NodeId m = t.input("mu", Shape::batch(6), Eigen::MatrixXd::Zero(6, 1));
  const NodeId l = t.input("logvar", Shape::batch(5), Eigen::MatrixXd::Zero(5, 1));
  EXPECT_EQ(error_of([&] {
              t.add("kl_normal", {m, l});
            }),
            "kl_normal: mu is 6xB but logvar is 5xB (they must have the same shape)");
  EXPECT_EQ(kl.plugin().functions().at(0).name, "kl_normal");
}

// ---------------------------------------------------------------------------------------

// KL(N(m1, S1) || N(m2, S2)) for diagonal covariances.
double gaussian_kl(const Eigen::VectorXd& m1, const Eigen::VectorXd& v1, const Eigen::VectorXd& m2,
                   const Eigen::VectorXd& v2) {
  double kl = 0;
  for (Index i = 0; i < m1.size(); ++i) {
    const double dm = m2[i] - m1[i];
    kl += 0.5 * (v1[i] / v2[i] + dm * dm / v2[i] - 1 + std::log(v2[i] / v1[i]));
  }
  return kl;
}

Eigen::MatrixXd gaussian_samples(const Eigen::VectorXd& mean, const Eigen::VectorXd& var, Index n,
                                 Rng& rng) {
  Eigen::MatrixXd x(mean.size(), n);
  for (Index j = 0; j < n; ++j) {
    for (Index i = 0; i < mean.size(); ++i) x(i, j) = mean[i] + std::sqrt(var[i]) * rng.normal();
  }
  return x;
}

TEST(KnnKl, EstimatesTheKlOfTwoGaussians) {
  Rng rng(31);
  const Eigen::Vector2d m1(0, 0), v1(1, 1), m2(1, -0.5), v2(2, 0.5);
  const double truth = gaussian_kl(m1, v1, m2, v2);  // 0.9489...
  const Eigen::MatrixXd x = gaussian_samples(m1, v1, 4000, rng);
  const Eigen::MatrixXd y = gaussian_samples(m2, v2, 5000, rng);
  for (int k : {1, 5}) {
    EXPECT_NEAR(ael::data::knn_kl_divergence(x, y, k), truth, 0.08) << "k = " << k;
  }
  // The same distribution: close to 0; and in 3 dimensions.
  const Eigen::MatrixXd x2 = gaussian_samples(m1, v1, 4000, rng);
  EXPECT_NEAR(ael::data::knn_kl_divergence(x, x2, 3), 0, 0.05);
  const Eigen::Vector3d a(0, 0, 0), va(1, 1, 1), b(0.5, 0, 0), vb(1, 3, 1);
  EXPECT_NEAR(ael::data::knn_kl_divergence(gaussian_samples(a, va, 4000, rng),
                                           gaussian_samples(b, vb, 4000, rng), 3),
              gaussian_kl(a, va, b, vb), 0.08);
}

TEST(KnnKl, RejectsBadArguments) {
  const Eigen::MatrixXd x = Eigen::MatrixXd::Random(2, 5), y = Eigen::MatrixXd::Random(2, 3);
  EXPECT_EQ(error_of([&] { ael::data::knn_kl_divergence(x, Eigen::MatrixXd::Random(3, 4)); }),
            "knn_kl: x has 2 features but y has 3 (both sample sets need the same dimension)");
  EXPECT_EQ(error_of([&] { ael::data::knn_kl_divergence(x, y, 4); }),
            "knn_kl: k must be in [1, min(n - 1, m)] = [1, 3], got 4 (n = 5 samples of x, m = 3 "
            "of y)");
  Eigen::MatrixXd on_y = x;
  on_y.col(0) = y.col(0);
  EXPECT_EQ(error_of([&] { ael::data::knn_kl_divergence(on_y, y, 1); }),
            "knn_kl: sample 0 of x has its k-th nearest neighbour (k = 1) in y at distance 0 "
            "(repeated points; try a larger k)");
}

TEST(KnnKl, ACollapsedSampleSetIsInfinitelyFar) {
  const Eigen::MatrixXd x = Eigen::MatrixXd::Random(2, 5), y = Eigen::MatrixXd::Random(2, 3);
  Eigen::MatrixXd repeated = x;
  repeated.col(1) = repeated.col(0);
  EXPECT_EQ(ael::data::knn_kl_divergence(repeated, y, 1), std::numeric_limits<double>::infinity());
}

}  // namespace
}  // namespace ael::loss_test

// The push plugin: the push loss's positional weights (vector and multi-axis codes) and
// the contractive term against an explicit Jacobian, with finite-difference gradients.
#include <gtest/gtest.h>

#include <cmath>

#include "loss_test_util.hpp"

namespace ael::loss_test {
namespace {

// Values away from |h|'s kink at 0.
Eigen::MatrixXd away_from_zero(Index rows, Index cols, Rng& rng) {
  Eigen::MatrixXd m(rows, cols);
  for (Index k = 0; k < m.size(); ++k) {
    m.data()[k] = (rng.bernoulli(0.5) ? 1 : -1) * rng.uniform(0.1, 1.5);
  }
  return m;
}

TEST(Push, WeighsDimensionKByOnePlusAlphaToTheK) {
  const Eigen::MatrixXd h = (Eigen::MatrixXd(3, 2) << 1, -2, 0.5, 0, -3, 1).finished();
  const double a = 0.25;
  // Column 0: 1.25 |1| + 1.5625 |0.5| + 1.953125 |-3|; column 1: 1.25 |-2| + 0 + 1.953125 |1|.
  const double expected = ((1.25 + 1.5625 * 0.5 + 1.953125 * 3) + (1.25 * 2 + 1.953125)) / 2;
  LoadedLoss push("push");
  TestGraph t(push.ops());
  const NodeId loss = t.add("push", {t.input("h", Shape::batch(3), h)}, {{"alpha", a}});
  EXPECT_NEAR(t.run<double>(loss, 2).value, expected, 1e-14);
  EXPECT_NEAR(t.run<float>(loss, 2).value, expected, 1e-5);
}

TEST(Push, NestsThePositionalWeightsOfAMultiAxisCode) {
  // A 2 x 3 code (first axis fastest): alpha_1 = alpha 2/5, alpha_2 = alpha 5/5 (eq. 4).
  Rng rng(1);
  const Eigen::MatrixXd h = away_from_zero(6, 3, rng);
  const double alpha = 0.3, a1 = alpha * 2 / 5, a2 = alpha;
  double expected = 0;
  for (Index j = 0; j < 3; ++j) {
    for (Index k2 = 1; k2 <= 3; ++k2) {
      for (Index k1 = 1; k1 <= 2; ++k1) {
        expected +=
            std::pow(1 + a2, k2) * std::pow(1 + a1, k1) * std::abs(h((k1 - 1) + 2 * (k2 - 1), j));
      }
    }
  }
  LoadedLoss push("push");
  TestGraph t(push.ops());
  const NodeId loss = t.add("push", {t.input("h", Shape::batch(6), h)},
                            {{"alpha", alpha}, {"dims", std::vector<double>{2, 3}}});
  EXPECT_NEAR(t.run<double>(loss, 3).value, expected / 3, 1e-13);
}

TEST(Push, GradientsMatchFiniteDifferences) {
  Rng rng(2);
  LoadedLoss push("push");
  TestGraph t(push.ops());
  const NodeId h = t.input("h", Shape::batch(6), away_from_zero(6, 4, rng));
  const NodeId v = t.add("push", {h}, {{"alpha", 0.2}});
  const NodeId m = t.add("push", {h}, {{"alpha", 0.5}, {"dims", std::vector<double>{3, 2}}});
  const graph::GradcheckReport r = t.gradcheck(t.add("add", {v, m}), 4);
  EXPECT_TRUE(r.passed(1e-7)) << r.summary();
  EXPECT_EQ(r.checked, 24);
}

TEST(Push, ErrorsNameTheAttribute) {
  LoadedLoss push("push");
  TestGraph t(push.ops());
  const NodeId h = t.input("h", Shape::batch(6), Eigen::MatrixXd::Ones(6, 1));
  EXPECT_EQ(error_of([&] {
              t.add("push", {h}, {{"alpha", 0.1}, {"dims", std::vector<double>{4, 2}}});
            }),
            "push: dims multiply to 8 but h has 6 features per column");
  EXPECT_EQ(error_of([&] {
              t.add("push", {h}, {{"alpha", -1.0}});
            }),
            "push: alpha must be a finite number >= 0, got -1.000000");
  EXPECT_NE(error_of([&] { t.add("push", {h}); }).find("alpha"), std::string::npos);
  EXPECT_EQ(error_of([&] {
              t.add("push", {h}, {{"alpha", 1e7}});
            }),
            "push: the weights (1 + alpha)^k overflow single precision: alpha is too large for 6 "
            "features");
  EXPECT_EQ(error_of([&] { t.add("push", {h}, {{"alpha", 1e6}}); }), "<no error>");
}

// ---------------------------------------------------------------------------------------

double sigmoid(double v) { return 1 / (1 + std::exp(-v)); }

// ||J||_F^2 of x -> sigmoid(W x + b) at one x, by central differences of the layer.
double jacobian_norm2(const Eigen::MatrixXd& W, const Eigen::VectorXd& b,
                      const Eigen::VectorXd& x) {
  auto layer = [&](const Eigen::VectorXd& v) {
    return Eigen::VectorXd((W * v + b).unaryExpr([](double z) { return sigmoid(z); }));
  };
  double sum = 0;
  const double eps = 1e-6;
  for (Index i = 0; i < x.size(); ++i) {
    Eigen::VectorXd p = x, m = x;
    p[i] += eps;
    m[i] -= eps;
    sum += ((layer(p) - layer(m)) / (2 * eps)).squaredNorm();
  }
  return sum;
}

struct SigmoidLayer {
  NodeId x, W, h;
};

SigmoidLayer sigmoid_layer(TestGraph& t, const Eigen::MatrixXd& xv, const Eigen::MatrixXd& Wv,
                           const Eigen::MatrixXd& bv) {
  SigmoidLayer l;
  l.x = t.input("x", Shape::batch(xv.rows()), xv);
  l.W = t.param("W", Wv);
  const NodeId b = t.param("b", bv);
  l.h = t.add("sigmoid", {t.add("dense", {l.x, l.W, b})});
  return l;
}

TEST(Contractive, IsTheFrobeniusNormOfTheLayersJacobian) {
  Rng rng(3);
  const Eigen::MatrixXd xv = normal_matrix(4, 5, rng), Wv = normal_matrix(3, 4, rng);
  const Eigen::MatrixXd bv = normal_matrix(3, 1, rng);
  double expected = 0;
  for (Index j = 0; j < 5; ++j) expected += jacobian_norm2(Wv, bv.col(0), xv.col(j)) / 5;
  LoadedLoss push("push");
  TestGraph t(push.ops());
  const SigmoidLayer l = sigmoid_layer(t, xv, Wv, bv);
  const NodeId loss = t.add("contractive", {l.h, l.W});
  EXPECT_NEAR(t.run<double>(loss, 5).value, expected, 1e-8 * expected);
  EXPECT_NEAR(t.run<float>(loss, 5).value, expected, 1e-5 * expected);
}

TEST(Contractive, GradientsMatchFiniteDifferences) {
  Rng rng(4);
  LoadedLoss push("push");
  {
    // The op alone: h in (0, 1) as an input, W a parameter.
    TestGraph t(push.ops());
    Eigen::MatrixXd hv(3, 4);
    for (Index k = 0; k < hv.size(); ++k) hv.data()[k] = rng.uniform(0.05, 0.95);
    const NodeId h = t.input("h", Shape::batch(3), hv);
    const NodeId W = t.param("W", normal_matrix(3, 5, rng));
    const graph::GradcheckReport r = t.gradcheck(t.add("contractive", {h, W}), 4);
    EXPECT_TRUE(r.passed(1e-7)) << r.summary();
    EXPECT_EQ(r.checked, 12 + 15);
  }
  {
    // Through the layer: W reaches the loss directly and through h.
    TestGraph t(push.ops());
    const SigmoidLayer l = sigmoid_layer(t, normal_matrix(4, 3, rng), normal_matrix(3, 4, rng),
                                         normal_matrix(3, 1, rng));
    const graph::GradcheckReport r = t.gradcheck(t.add("contractive", {l.h, l.W}), 3);
    EXPECT_TRUE(r.passed(1e-7)) << r.summary();
    EXPECT_EQ(r.checked, 12 + 3 + 12);
  }
}

TEST(Contractive, FloatGradientsAgreeWithDouble) {
  Rng rng(5);
  LoadedLoss push("push");
  TestGraph t(push.ops());
  const SigmoidLayer l = sigmoid_layer(t, normal_matrix(5, 8, rng), normal_matrix(4, 5, rng),
                                       normal_matrix(4, 1, rng));
  const NodeId loss = t.add("contractive", {l.h, l.W});
  const auto d = t.run<double>(loss, 8), f = t.run<float>(loss, 8);
  for (const char* name : {"x", "W", "b"}) {
    const double scale = d.grads.at(name).cwiseAbs().maxCoeff();
    EXPECT_LT((d.grads.at(name) - f.grads.at(name)).cwiseAbs().maxCoeff(), 1e-5 * scale) << name;
  }
}

TEST(Contractive, RejectsAWeightThatDoesNotFitTheLayer) {
  LoadedLoss push("push");
  TestGraph t(push.ops());
  const NodeId h = t.input("h", Shape::batch(3), Eigen::MatrixXd::Constant(3, 1, 0.5));
  const NodeId W = t.param("W", Eigen::MatrixXd::Ones(4, 2));
  const NodeId batched = t.input("v", Shape::batch(3), Eigen::MatrixXd::Ones(3, 1));
  const std::string hint =
      " (W must be the d_h x d_in weight of the sigmoid layer h = sigmoid(W x + b))";
  EXPECT_EQ(error_of([&] {
              t.add("contractive", {h, W});
            }),
            "contractive: h has 3 units (3xB) but W has 4 rows (4x2)" + hint);
  EXPECT_EQ(error_of([&] {
              t.add("contractive", {h, batched});
            }),
            "contractive: W is 3xB, a batched tensor" + hint);
  const auto functions = push.plugin().functions();
  ASSERT_EQ(functions.size(), 2u);
  EXPECT_EQ(functions[0].name, "push");
  EXPECT_EQ(functions[1].inputs, (std::vector<std::string>{"h", "W"}));
  EXPECT_FALSE(functions[0].options.validate({}, "push").ok());  // alpha is required
}

}  // namespace
}  // namespace ael::loss_test

// Forward values of the ops against plain reference formulas (the gradient tests only
// show that backward matches forward; these show that forward computes the right thing).
#include <gtest/gtest.h>

#include <cmath>

#include "graph_test_util.hpp"

namespace ael::graph::testing {
namespace {

// Builds op(inputs...) where every operand is a model input, runs forward in double and
// returns the value.
Eigen::MatrixXd run_op(const std::string& op,
                       const std::vector<std::pair<Shape, Eigen::MatrixXd>>& operands, Index batch,
                       const Attrs& attrs = {}, RunContext run = {}) {
  GraphBuilder b;
  std::vector<NodeId> ids;
  for (std::size_t k = 0; k < operands.size(); ++k)
    ids.push_back(b.input("v" + std::to_string(k), operands[k].first));
  const NodeId y = b.add(op, ids, attrs);
  Graph<double> g(b.finish());
  g.set_batch(batch);
  for (std::size_t k = 0; k < operands.size(); ++k) g.set_input(ids[k], operands[k].second);
  g.forward(y, run);
  return g.value(y);
}

Eigen::MatrixXd randn(Index r, Index c, std::uint64_t seed) {
  Rng rng(seed);
  return random_matrix(r, c, Domain::Any, rng);
}

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

TEST(OpValues, DenseMatchesWxPlusBOnBothCodePaths) {
  for (Index in_dim : {2, 9}) {  // 2x2 runs the loop kernel, 9x9 the GEMM
    const Eigen::MatrixXd x = randn(in_dim, 5, 1), w = randn(in_dim, in_dim, 2),
                          bias = randn(in_dim, 1, 3);
    const Eigen::MatrixXd y = run_op("dense",
                                     {{Shape::batch(in_dim), x},
                                      {Shape::fixed(in_dim, in_dim), w},
                                      {Shape::fixed(in_dim, 1), bias}},
                                     5);
    const Eigen::MatrixXd expected = (w * x).colwise() + bias.col(0);
    EXPECT_TRUE(y.isApprox(expected, 1e-12)) << in_dim;
  }
}

TEST(OpValues, BroadcastingAddsColumnsRowsAndScalars) {
  const Eigen::MatrixXd x = randn(3, 4, 1), col = randn(3, 1, 2), row = randn(1, 4, 3);
  EXPECT_TRUE(run_op("add", {{Shape::batch(3), x}, {Shape::fixed(3, 1), col}}, 4)
                  .isApprox(x.colwise() + col.col(0)));
  EXPECT_TRUE(run_op("mul", {{Shape::batch(1), row}, {Shape::batch(3), x}}, 4)
                  .isApprox((x.array().rowwise() * row.row(0).array()).matrix()));
  const Eigen::MatrixXd two = Eigen::MatrixXd::Constant(1, 1, 2.0);
  EXPECT_TRUE(run_op("div", {{Shape::batch(3), x}, {Shape::scalar(), two}}, 4).isApprox(x / 2));
  EXPECT_TRUE(run_op("sub", {{Shape::scalar(), two}, {Shape::batch(3), x}}, 4)
                  .isApprox((2 - x.array()).matrix()));
}

TEST(OpValues, ReductionsOverEachAxis) {
  const Eigen::MatrixXd x = randn(3, 5, 4);
  const auto sum = [&](const char* axis) {
    return run_op("sum", {{Shape::batch(3), x}}, 5, {{"axis", axis}});
  };
  const auto mean = [&](const char* axis) {
    return run_op("mean", {{Shape::batch(3), x}}, 5, {{"axis", axis}});
  };
  EXPECT_NEAR(sum("all")(0, 0), x.sum(), 1e-12);
  EXPECT_NEAR(mean("all")(0, 0), x.mean(), 1e-12);
  EXPECT_TRUE(sum("batch").isApprox(x.rowwise().sum()));
  EXPECT_TRUE(mean("batch").isApprox(x.rowwise().mean()));
  EXPECT_TRUE(sum("features").isApprox(x.colwise().sum()));
  EXPECT_TRUE(mean("features").isApprox(x.colwise().mean()));
}

TEST(OpValues, SoftmaxNormalisesEachGroupOfEachColumn) {
  const Eigen::MatrixXd x = randn(6, 3, 5);
  const Eigen::MatrixXd y =
      run_op("softmax", {{Shape::batch(6), x}}, 3, {{"groups", std::int64_t{3}}});
  const Eigen::MatrixXd ly =
      run_op("log_softmax", {{Shape::batch(6), x}}, 3, {{"groups", std::int64_t{3}}});
  for (Index j = 0; j < 3; ++j) {
    for (Index g = 0; g < 3; ++g) {
      const Eigen::VectorXd block = x.col(j).segment(2 * g, 2);
      const Eigen::VectorXd expected = block.array().exp() / block.array().exp().sum();
      EXPECT_TRUE(y.col(j).segment(2 * g, 2).isApprox(expected));
      EXPECT_TRUE(ly.col(j).segment(2 * g, 2).isApprox(expected.array().log().matrix()));
    }
  }
}

TEST(OpValues, LargeLogitsDoNotOverflow) {
  Eigen::MatrixXd x(2, 1);
  x << 1000, 0;
  const Eigen::MatrixXd y = run_op("log_softmax", {{Shape::batch(2), x}}, 1);
  EXPECT_NEAR(y(0, 0), 0, 1e-12);
  EXPECT_NEAR(y(1, 0), -1000, 1e-9);
  const Eigen::MatrixXd sp = run_op("softplus", {{Shape::batch(2), x}}, 1);
  EXPECT_NEAR(sp(0, 0), 1000, 1e-9);
  EXPECT_NEAR(sp(1, 0), std::log(2.0), 1e-12);
}

TEST(OpValues, ReshapeReadsEachSampleWithAnotherRowCount) {
  Eigen::MatrixXd x(6, 2);
  x.col(0) << 1, 2, 3, 4, 5, 6;
  x.col(1) << 7, 8, 9, 10, 11, 12;
  const Eigen::MatrixXd y =
      run_op("reshape", {{Shape::batch(6), x}}, 2, {{"rows", std::int64_t{2}}});
  ASSERT_EQ(y.rows(), 2);
  ASSERT_EQ(y.cols(), 6);  // 3 time steps per sample, sample-major
  EXPECT_EQ(y(0, 1), 3);   // sample 0, step 1
  EXPECT_EQ(y(1, 4), 10);  // sample 1, step 1, second feature
}

TEST(OpValues, RepeatColsRepeatsEachColumnConsecutively) {
  Eigen::MatrixXd x(1, 2);
  x << 1, 2;
  const Eigen::MatrixXd y =
      run_op("repeat_cols", {{Shape::batch(1), x}}, 2, {{"k", std::int64_t{3}}});
  Eigen::MatrixXd expected(1, 6);
  expected << 1, 1, 1, 2, 2, 2;
  EXPECT_EQ(y, expected);
}

TEST(OpValues, TopKKeepsTheKLargestOfEachColumnAndBreaksTiesByRow) {
  Eigen::MatrixXd x(4, 2);
  x << 0.5, 2, -1, 2, 3, -5, 0.5, 1;
  const Eigen::MatrixXd y = run_op("top_k", {{Shape::batch(4), x}}, 2, {{"k", std::int64_t{2}}});
  Eigen::MatrixXd expected(4, 2);
  expected << 0.5, 2, 0, 2, 3, 0, 0, 0;  // column 0: 3 and the first 0.5; column 1: both 2s
  EXPECT_EQ(y, expected);
}

TEST(OpValues, StepIsOneForPositiveInputs) {
  Eigen::MatrixXd x(1, 4);
  x << -1, 0, 1e-9, 4;
  Eigen::MatrixXd expected(1, 4);
  expected << 0, 0, 1, 1;
  EXPECT_EQ(run_op("step", {{Shape::batch(1), x}}, 4), expected);
}

TEST(OpValues, IdentityPerSampleStacksOneIdentityPerColumn) {
  const Eigen::MatrixXd y = run_op("identity_per_sample", {{Shape::batch(3), randn(3, 2, 1)}}, 2);
  Eigen::MatrixXd expected(3, 6);
  expected << Eigen::MatrixXd::Identity(3, 3), Eigen::MatrixXd::Identity(3, 3);
  EXPECT_EQ(y, expected);
}

TEST(OpValues, ConcatAndSliceAreInverse) {
  const Eigen::MatrixXd a = randn(2, 3, 1), c = randn(3, 3, 2);
  const Eigen::MatrixXd y = run_op("concat", {{Shape::batch(2), a}, {Shape::batch(3), c}}, 3);
  EXPECT_EQ(y.topRows(2), a);
  EXPECT_EQ(y.bottomRows(3), c);
  const Eigen::MatrixXd s = run_op("slice", {{Shape::batch(5), y}}, 3,
                                   {{"begin", std::int64_t{2}}, {"end", std::int64_t{5}}});
  EXPECT_EQ(s, c);
}

TEST(OpValues, LossesFollowTorchDefinitions) {
  const Eigen::MatrixXd a = randn(3, 4, 1), t = randn(3, 4, 2);
  const Shape s = Shape::batch(3);
  EXPECT_NEAR(run_op("mse", {{s, a}, {s, t}}, 4)(0, 0), (a - t).squaredNorm() / 12, 1e-12);
  EXPECT_NEAR(run_op("mae", {{s, a}, {s, t}}, 4)(0, 0), (a - t).cwiseAbs().sum() / 12, 1e-12);
  EXPECT_NEAR(run_op("l1", {{s, a}}, 4)(0, 0), a.cwiseAbs().sum() / 4, 1e-12);
  EXPECT_NEAR(run_op("l2", {{s, a}}, 4)(0, 0), a.squaredNorm() / 4, 1e-12);

  Eigen::MatrixXd p(1, 3), y(1, 3);
  p << 0.2, 0.0, 1.0;  // exact 0 and 1: logs clamped at -100 like torch's BCELoss
  y << 1.0, 1.0, 1.0;
  const double bce = run_op("bce", {{Shape::batch(1), p}, {Shape::batch(1), y}}, 3)(0, 0);
  EXPECT_NEAR(bce, (-std::log(0.2) + 100 + 0) / 3, 1e-9);

  double expected = 0;
  for (Index k = 0; k < a.size(); ++k) {
    const double z = a.data()[k], target = sigmoid(t.data()[k]);
    expected -= target * std::log(sigmoid(z)) + (1 - target) * std::log(1 - sigmoid(z));
  }
  const Eigen::MatrixXd probs = t.unaryExpr([](double v) { return sigmoid(v); });
  EXPECT_NEAR(run_op("bce_with_logits", {{s, a}, {s, probs}}, 4)(0, 0), expected / 12, 1e-12);
}

TEST(OpValues, CrossEntropyIsMeanNegativeLogLikelihoodOverSamplesAndSteps) {
  const Index L = 3, C = 2, B = 4;
  const Eigen::MatrixXd z = randn(L * C, B, 3);
  Rng rng(4);
  const Eigen::MatrixXd t = random_matrix(L * C, B, Domain::OneHot, rng, C);
  double expected = 0;
  for (Index b = 0; b < B; ++b) {
    for (Index step = 0; step < L; ++step) {
      const Eigen::VectorXd logits = z.col(b).segment(step * C, C);
      Index cls = 0;
      t.col(b).segment(step * C, C).maxCoeff(&cls);
      expected -= logits(cls) - std::log(logits.array().exp().sum());
    }
  }
  const double ce = run_op("cross_entropy", {{Shape::batch(L * C), z}, {Shape::batch(L * C), t}}, B,
                           {{"groups", std::int64_t{L}}})(0, 0);
  EXPECT_NEAR(ce, expected / (B * L), 1e-12);
}

// PyTorch's nn.LSTM step, written out per sample.
struct LstmReference {
  Eigen::MatrixXd w_ih, w_hh;
  Eigen::VectorXd b_ih, b_hh;

  // Returns [h_1; ...; h_L; c_L] for one sequence.
  Eigen::VectorXd run(const Eigen::VectorXd& x, Index steps, Eigen::VectorXd h,
                      Eigen::VectorXd c) const {
    const Index H = w_hh.cols(), C = w_ih.cols();
    Eigen::VectorXd out((steps + 1) * H);
    for (Index t = 0; t < steps; ++t) {
      const Eigen::VectorXd a = w_ih * x.segment(t * C, C) + b_ih + w_hh * h + b_hh;
      const Eigen::ArrayXd i = a.segment(0, H).unaryExpr([](double v) { return sigmoid(v); });
      const Eigen::ArrayXd f = a.segment(H, H).unaryExpr([](double v) { return sigmoid(v); });
      const Eigen::ArrayXd g = a.segment(2 * H, H).array().tanh();
      const Eigen::ArrayXd o = a.segment(3 * H, H).unaryExpr([](double v) { return sigmoid(v); });
      c = (f * c.array() + i * g).matrix();
      h = (o * c.array().tanh()).matrix();
      out.segment(t * H, H) = h;
    }
    out.tail(H) = c;
    return out;
  }
};

TEST(OpValues, LstmMatchesTheTorchRecurrence) {
  const Index L = 4, C = 2, H = 3, B = 5;
  LstmReference ref{randn(4 * H, C, 1), randn(4 * H, H, 2), randn(4 * H, 1, 3), randn(4 * H, 1, 4)};
  const Eigen::MatrixXd x = randn(L * C, B, 5), h0 = randn(H, B, 6), c0 = randn(H, B, 7);
  const std::vector<std::pair<Shape, Eigen::MatrixXd>> weights = {
      {Shape::fixed(4 * H, C), ref.w_ih},
      {Shape::fixed(4 * H, H), ref.w_hh},
      {Shape::fixed(4 * H, 1), ref.b_ih},
      {Shape::fixed(4 * H, 1), ref.b_hh}};
  auto operands = weights;
  operands.insert(operands.begin(), {Shape::batch(L * C), x});
  const Eigen::MatrixXd zero_state = run_op("lstm", operands, B);
  operands.push_back({Shape::batch(H), h0});
  operands.push_back({Shape::batch(H), c0});
  const Eigen::MatrixXd given_state = run_op("lstm", operands, B);
  for (Index b = 0; b < B; ++b) {
    EXPECT_TRUE(zero_state.col(b).isApprox(
        ref.run(x.col(b), L, Eigen::VectorXd::Zero(H), Eigen::VectorXd::Zero(H)), 1e-12));
    EXPECT_TRUE(given_state.col(b).isApprox(ref.run(x.col(b), L, h0.col(b), c0.col(b)), 1e-12));
  }
}

TEST(OpValues, DensePerSampleUsesEachColumnsOwnParameters) {
  const Index in = 3, out = 2, B = 4;
  const Eigen::MatrixXd x = randn(in, B, 1), p = randn(10, B, 2);
  const Eigen::MatrixXd y =
      run_op("dense_per_sample", {{Shape::batch(in), x}, {Shape::batch(10), p}}, B,
             {{"w_offset", std::int64_t{1}},
              {"b_offset", std::int64_t{8}},
              {"out", std::int64_t{out}},
              {"in", std::int64_t{in}}});
  for (Index b = 0; b < B; ++b) {
    const Eigen::Map<const Eigen::MatrixXd> w(p.col(b).data() + 1, out, in);
    EXPECT_TRUE(y.col(b).isApprox(w * x.col(b) + p.col(b).segment(8, out)));
  }
}

TEST(OpValues, NoiseIsRepeatablePerStepAndIdentityAtEvaluation) {
  const Index B = 2000;
  const Eigen::MatrixXd x = randn(2, B, 1);
  const std::vector<std::pair<Shape, Eigen::MatrixXd>> operands = {{Shape::batch(2), x}};
  const Attrs attrs{{"sigma", 0.5}};
  const Eigen::MatrixXd a = run_op("noise", operands, B, attrs, {true, 7, 3});
  const Eigen::MatrixXd again = run_op("noise", operands, B, attrs, {true, 7, 3});
  const Eigen::MatrixXd next_step = run_op("noise", operands, B, attrs, {true, 7, 4});
  EXPECT_EQ(a, again);
  EXPECT_NE(a, next_step);
  EXPECT_EQ(run_op("noise", operands, B, attrs, {false, 7, 3}), x);
  const Eigen::MatrixXd diff = a - x;
  const Eigen::ArrayXd eps = Eigen::Map<const Eigen::ArrayXd>(diff.data(), diff.size());
  EXPECT_NEAR(eps.mean(), 0, 0.05);
  EXPECT_NEAR(std::sqrt((eps - eps.mean()).square().mean()), 0.5, 0.03);

  const Eigen::MatrixXd u =
      run_op("noise_like", operands, B, {{"kind", "uniform"}, {"sigma", 2.0}});
  EXPECT_LE(u.cwiseAbs().maxCoeff(), 2.0 * std::sqrt(3.0));
  EXPECT_NEAR(std::sqrt(u.squaredNorm() / u.size()), 2.0, 0.1);
  EXPECT_TRUE(run_op("noise_like", operands, B, {}, {false, 0, 0}).isZero());
}

}  // namespace
}  // namespace ael::graph::testing

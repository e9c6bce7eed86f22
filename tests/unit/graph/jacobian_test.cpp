// jacobian_penalty: the value against a finite-difference Jacobian of the encoder, the
// gradient against finite differences of the penalty, and the errors for unsupported ops.
#include <gtest/gtest.h>

#include <functional>

#include "graph/jacobian_penalty.hpp"
#include "graph/layers.hpp"
#include "graph_test_util.hpp"

namespace ael::graph::testing {
namespace {

constexpr Index kBatch = 4;

// An encoder under test: builds y from x and returns it.
using Encoder = std::function<NodeId(GraphBuilder&, NodeId x)>;

struct Built {
  GraphSpec spec;
  NodeId x, y, penalty;
};

Built build(const Encoder& encoder, Index inputs) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(inputs));
  const NodeId y = encoder(b, x);
  const NodeId penalty = add_jacobian_penalty(b, y, x);
  return {b.finish(), x, y, penalty};
}

// 1/B sum_b ||dy_b/dx_b||_F^2 by central differences on the forward pass.
double numeric_penalty(Graph<double>& g, const Built& m, const Eigen::MatrixXd& x) {
  const double eps = 1e-6;
  double total = 0;
  for (Index b = 0; b < x.cols(); ++b) {
    for (Index i = 0; i < x.rows(); ++i) {
      Eigen::MatrixXd up = x, down = x;
      up(i, b) += eps;
      down(i, b) -= eps;
      g.set_input(m.x, up);
      g.forward(m.y, {false, 0, 0});
      const Eigen::VectorXd yu = g.value(m.y).col(b);
      g.set_input(m.x, down);
      g.forward(m.y, {false, 0, 0});
      const Eigen::VectorXd yd = g.value(m.y).col(b);
      total += ((yu - yd) / (2 * eps)).squaredNorm();
    }
  }
  g.set_input(m.x, x);
  return total / static_cast<double>(x.cols());
}

struct Case {
  std::string label;
  Index inputs;
  Encoder encoder;
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.label; }

NodeId dense(GraphBuilder& b, NodeId x, Index out, const std::string& name) {
  return dense_layer(b, x, out, name);
}

std::vector<Case> cases() {
  return {
      {"sigmoid_layer_closed_form", 5,
       [](GraphBuilder& b, NodeId x) { return b.add("sigmoid", {dense(b, x, 3, "e")}); }},
      {"tanh_layer_closed_form", 5,
       [](GraphBuilder& b, NodeId x) { return b.add("tanh", {dense(b, x, 3, "e")}); }},
      {"linear_layer_closed_form", 4,
       [](GraphBuilder& b, NodeId x) { return dense(b, x, 2, "e"); }},
      {"sigmoid_layer_forward_mode", 5,
       [](GraphBuilder& b, NodeId x) {
         // A one-input concat hides the dense layer from the closed form: both routes must
         // agree.
         return b.add("concat", {b.add("sigmoid", {dense(b, x, 3, "e")})});
       }},
      {"activation_chain_closed_form", 5,
       [](GraphBuilder& b, NodeId x) {
         const NodeId h = b.add("sigmoid", {dense(b, x, 6, "e")});
         return b.add("affine", {b.add("top_k", {h}, {{"k", std::int64_t{3}}})},
                      {{"scale", -2.0}, {"shift", 0.5}});
       }},
      {"linear_chain_closed_form", 4,
       [](GraphBuilder& b, NodeId x) {
         return b.add("neg",
                      {b.add("affine", {dense(b, x, 3, "e")}, {{"scale", 3.0}, {"shift", 1.0}})});
       }},
      {"three_layer_mlp", 3,
       [](GraphBuilder& b, NodeId x) {
         const NodeId h1 = b.add("tanh", {dense(b, x, 6, "l1")});
         const NodeId h2 = b.add("leaky_relu", {dense(b, h1, 5, "l2")}, {{"alpha", 0.1}});
         return dense(b, b.add("softplus", {h2}), 2, "l3");
       }},
      {"relu_and_noise", 3,
       [](GraphBuilder& b, NodeId x) {
         const NodeId h = b.add("relu", {dense(b, b.add("noise", {x}), 6, "l1")});
         return b.add("sigmoid", {dense(b, h, 2, "l2")});
       }},
      {"softmax_head", 4,
       [](GraphBuilder& b, NodeId x) {
         return b.add("softmax", {dense(b, b.add("sin", {dense(b, x, 5, "l1")}), 3, "l2")});
       }},
      {"log_softmax_head", 3,
       [](GraphBuilder& b, NodeId x) { return b.add("log_softmax", {dense(b, x, 4, "l1")}); }},
      {"products_quotients_and_structure", 3,
       [](GraphBuilder& b, NodeId x) {
         const NodeId a = b.add("tanh", {dense(b, x, 4, "a")});
         const NodeId c = b.add("exp", {dense(b, x, 4, "c")});
         const NodeId w = b.param("w", 4, 1, InitSpec::uniform(0.5, 1.5));
         const NodeId q = b.add("div", {b.add("mul", {a, c}), b.add("add", {c, w})});
         const NodeId top =
             b.add("slice", {q}, {{"begin", std::int64_t{1}}, {"end", std::int64_t{3}}});
         const NodeId total = b.add("sum", {a}, {{"axis", std::string("features")}});
         const NodeId mixed = b.add("sub", {top, total});  // 2 rows minus a broadcast row
         return b.add("concat", {mixed, b.add("square", {a}), b.add("cos", {c})});
       }},
      {"scale_matmul_and_powers", 3,
       [](GraphBuilder& b, NodeId x) {
         const NodeId s = b.param("s", 3, 1, InitSpec::uniform(0.5, 2));
         const NodeId A = b.param("A", 4, 3, InitSpec::uniform(-1, 1));
         const NodeId h = b.add("matmul", {A, b.add("scale", {x, s})});
         const NodeId p = b.add("pow", {b.add("sigmoid", {h})}, {{"exponent", 1.5}});
         return b.add("neg", {b.add("affine", {p}, {{"scale", 2.0}, {"shift", 1.0}})});
       }},
      {"top_k_code", 4,
       [](GraphBuilder& b, NodeId x) {
         const NodeId h = b.add("top_k", {dense(b, x, 6, "e")}, {{"k", std::int64_t{2}}});
         return b.add("sigmoid", {dense(b, h, 3, "d")});
       }},
  };
}

class JacobianPenalty : public ::testing::TestWithParam<Case> {};

TEST_P(JacobianPenalty, MatchesFiniteDifferenceJacobian) {
  const Case& c = GetParam();
  const Built m = build(c.encoder, c.inputs);
  Graph<double> g(m.spec, /*init_seed=*/3);
  g.set_batch(kBatch);
  Rng rng(7);
  const Eigen::MatrixXd x = random_matrix(c.inputs, kBatch, Domain::Any, rng);
  g.set_input(m.x, x);
  g.forward(m.penalty, {false, 0, 0});
  const double analytic = g.value(m.penalty)(0, 0);
  const double numeric = numeric_penalty(g, m, x);
  EXPECT_GT(analytic, 1e-6) << "a penalty of zero would not test anything";
  EXPECT_NEAR(analytic, numeric, 1e-6 * (1 + numeric)) << c.label;
}

TEST_P(JacobianPenalty, TakesTheClosedFormForElementwiseChainsOverOneDenseLayer) {
  const Case& c = GetParam();
  const Built m = build(c.encoder, c.inputs);
  bool forward_mode = false;
  for (const Node& n : m.spec.nodes) forward_mode = forward_mode || n.op == "identity_per_sample";
  const bool closed = c.label.find("closed_form") != std::string::npos;
  EXPECT_EQ(forward_mode, !closed) << c.label;
}

TEST_P(JacobianPenalty, GradientMatchesCentralDifferences) {
  const Case& c = GetParam();
  const Built m = build(c.encoder, c.inputs);
  Rng rng(11);
  GradcheckData data;
  data.batch = kBatch;
  data.inputs["x"] = random_matrix(c.inputs, kBatch, Domain::Any, rng);
  GradcheckOptions options;
  options.inputs = false;  // kinks of relu/top_k in x are measure zero but FD may straddle them
  options.run = {false, 0, 0};
  const GradcheckReport report = gradcheck(m.spec, m.penalty, data, options);
  EXPECT_GT(report.checked, 0);
  EXPECT_LT(report.worst_error, 1e-5) << c.label << ": " << report.summary();
}

INSTANTIATE_TEST_SUITE_P(Encoders, JacobianPenalty, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.label;
                         });

TEST(JacobianPenaltyErrors, NamesTheOpWithoutARule) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(3));
  const NodeId h = b.add("relu", {dense_layer(b, x, 4, "e")});
  const NodeId pooled = b.add("mean", {h}, {{"axis", std::string("batch")}});
  const NodeId y = b.add("add", {h, pooled});  // mixes samples: no per-sample Jacobian
  try {
    add_jacobian_penalty(b, y, x);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.diagnostic().message.find("no forward-mode rule for op 'mean' over axis 'batch'"),
              std::string::npos)
        << e.diagnostic().message;
  }
}

TEST(JacobianPenaltyErrors, RejectsAnOutputThatDoesNotDependOnX) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(3));
  const NodeId other = b.input("other", Shape::batch(3));
  const NodeId y = b.add("tanh", {dense_layer(b, other, 2, "e")});
  EXPECT_THROW(add_jacobian_penalty(b, y, x), Error);
  const NodeId blocked = b.add("stop_gradient", {dense_layer(b, x, 2, "f")});
  EXPECT_THROW(add_jacobian_penalty(b, blocked, x), Error);
}

}  // namespace
}  // namespace ael::graph::testing

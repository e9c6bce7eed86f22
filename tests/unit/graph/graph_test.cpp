// Graph<S> as a runtime: scheduling, feeding, batch planning, cloning, precision.
#include <gtest/gtest.h>

#include "graph/layers.hpp"
#include "graph_test_util.hpp"

namespace ael::graph::testing {
namespace {

struct Ae {
  GraphSpec spec;
  NodeId x, target, code, out, loss;
};

// x -> dense(1) -> dense(2), loss = mse(out, target) with a separate target input.
Ae line_ae() {
  GraphBuilder b;
  Ae ae;
  ae.x = b.input("x", Shape::batch(2));
  ae.target = b.input("target", Shape::batch(2));
  ae.code = dense_layer(b, ae.x, 1, "enc");
  ae.out = dense_layer(b, ae.code, 2, "dec");
  ae.loss = b.add("mse", {ae.out, ae.target});
  b.endpoint("code", ae.code);
  b.endpoint("loss", ae.loss);
  ae.spec = b.finish();
  return ae;
}

Eigen::MatrixXd line_points(Index n, double slope, std::uint64_t seed) {
  Rng rng(seed);
  Eigen::MatrixXd p(2, n);
  for (Index j = 0; j < n; ++j) {
    p(0, j) = rng.uniform(-1, 1);
    p(1, j) = slope * p(0, j);
  }
  return p;
}

TEST(Graph, EndpointsDoNotNeedTheLossInputs) {
  const Ae ae = line_ae();
  Graph<double> g(ae.spec, 1);
  g.set_batch(4);
  g.set_input("x", line_points(4, 0.5, 1));
  g.forward(ae.spec.endpoint("code"), {false});
  EXPECT_EQ(g.value(ae.code).cols(), 4);
  try {
    g.forward(ae.loss);
    FAIL() << "forward should need the target";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "input 'target' was not set (the requested values need it)");
  }
}

TEST(Graph, BackwardNeedsTheLossFromTheLastForward) {
  const Ae ae = line_ae();
  Graph<double> g(ae.spec, 1);
  g.set_batch(3);
  g.set_input(ae.x, line_points(3, 0.5, 1));
  g.set_input(ae.target, line_points(3, 0.5, 1));
  g.forward(ae.code);
  EXPECT_THROW(g.backward(ae.loss), Error);
  EXPECT_THROW(g.backward(ae.code), Error);  // not 1x1
  g.forward(ae.loss);
  g.backward(ae.loss);
  const Eigen::VectorXd first = g.grads();
  g.forward(ae.loss);
  g.backward(ae.loss);
  EXPECT_EQ(Eigen::VectorXd(g.grads()), first) << "gradients must be zeroed, not accumulated";
  EXPECT_FALSE(first.isZero());
}

TEST(Graph, NewBatchSizeForgetsInputsAndResizesValues) {
  const Ae ae = line_ae();
  Graph<double> g(ae.spec, 1);
  g.set_batch(8);
  g.set_input(ae.x, line_points(8, 0.5, 1));
  g.forward(ae.code);
  g.set_batch(3);
  EXPECT_THROW(g.forward(ae.code), Error);
  EXPECT_THROW(g.set_input(ae.x, line_points(8, 0.5, 1)), Error);
  g.set_input(ae.x, line_points(3, 0.5, 1));
  g.forward(ae.code);
  EXPECT_EQ(g.value(ae.code).cols(), 3);
}

TEST(Graph, BoundInputsAreReadInPlace) {
  const Ae ae = line_ae();
  Graph<double> g(ae.spec, 1);
  g.set_batch(5);
  Eigen::MatrixXd data = line_points(5, 0.5, 1);
  g.bind_input(ae.x, data.data());
  g.forward(ae.code);
  const Eigen::MatrixXd before = g.value(ae.code);
  data *= 2;  // the graph sees the change without another call
  g.forward(ae.code);
  const Eigen::MatrixXd after = g.value(ae.code);
  const ParamBlock& bias = *ae.spec.params.find("enc.b");
  const double b0 = g.params()[bias.offset];
  EXPECT_TRUE(((after.array() - b0) - 2 * (before.array() - b0)).abs().maxCoeff() < 1e-12);
  g.bind_input(ae.x, nullptr);
  EXPECT_THROW(g.forward(ae.code), Error);
}

TEST(Graph, CloneRunsIndependently) {
  const Ae ae = line_ae();
  Graph<double> g(ae.spec, 5);
  g.set_batch(4);
  auto copy = g.clone();
  EXPECT_EQ(Eigen::VectorXd(copy->params()), Eigen::VectorXd(g.params()));
  const Eigen::MatrixXd pts = line_points(4, 2.0, 3);
  for (auto* graph : {&g, copy.get()}) {
    graph->set_input(ae.x, pts);
    graph->set_input(ae.target, pts);
    graph->forward(ae.loss);
  }
  EXPECT_EQ(g.value(ae.loss)(0, 0), copy->value(ae.loss)(0, 0));
  copy->params().setZero();
  copy->forward(ae.loss);
  EXPECT_NE(g.value(ae.loss)(0, 0), copy->value(ae.loss)(0, 0));
}

TEST(Graph, ScalarInputsMustBeSet) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(1));
  const NodeId w = b.scalar_input("weight");
  const NodeId y = b.add("mul", {x, w});
  Graph<float> g(b.finish());
  g.set_batch(2);
  g.set_input(x, Eigen::MatrixXf::Ones(1, 2));
  EXPECT_THROW(g.forward(y), Error);
  g.set_scalar("weight", 3.0f);
  g.forward(y);
  EXPECT_EQ(g.value(y)(0, 1), 3.0f);
  EXPECT_THROW(g.set_scalar(x, 1.0f), Error);
}

TEST(Graph, ParameterVectorsAreCheckedAndCast) {
  const Ae ae = line_ae();
  Graph<float> g(ae.spec);
  EXPECT_EQ(g.params().size(), 7);
  EXPECT_THROW(g.set_params(Eigen::VectorXd::Zero(6)), Error);
  g.set_params(Eigen::VectorXd::LinSpaced(7, 0, 6));
  EXPECT_EQ(g.params()[6], 6.0f);
}

TEST(Graph, FloatAndDoubleAgree) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(3));
  NodeId h = b.add("tanh", {dense_layer(b, x, 16, "l1")});
  h = b.add("sigmoid", {dense_layer(b, h, 16, "l2")});
  const NodeId loss = b.add("mse", {dense_layer(b, h, 3, "l3"), x});
  const GraphSpec spec = b.finish();
  Graph<float> gf(spec, 9);
  Graph<double> gd(spec, 9);
  const Eigen::MatrixXd data = Eigen::MatrixXd::Random(3, 10);
  gf.set_batch(10);
  gd.set_batch(10);
  gf.set_input(x, data.cast<float>());
  gd.set_input(x, data);
  gf.forward(loss);
  gd.forward(loss);
  gf.backward(loss);
  gd.backward(loss);
  EXPECT_NEAR(gf.value(loss)(0, 0), gd.value(loss)(0, 0), 1e-5);
  EXPECT_LT((gf.grads().cast<double>() - gd.grads()).cwiseAbs().maxCoeff(), 1e-5);
}

TEST(Graph, TiedWeightsAccumulateGradientsFromBothUses) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(4));
  const NodeId w = b.param("W", 2, 4);
  const NodeId code = b.add("tanh", {b.add("dense", {x, w})});
  const NodeId out = b.add("matmul", {w, code}, {{"transpose_a", std::int64_t{1}}});
  const NodeId loss = b.add("mse", {out, x});
  const GraphSpec spec = b.finish();
  GradcheckData data;
  data.batch = 5;
  Rng rng(4);
  data.inputs["x"] = random_matrix(4, 5, Domain::Any, rng);
  const GradcheckReport report = gradcheck(spec, loss, data);
  EXPECT_LT(report.worst_error, 1e-6) << report.summary();
}

TEST(Graph, SgdFitsALinearAutoencoderOnALine) {
  const Ae ae = line_ae();
  Graph<float> g(ae.spec, 11);
  const Eigen::MatrixXf pts = line_points(100, std::tan(0.5), 7).cast<float>();
  g.set_batch(100);
  g.bind_input(ae.x, pts.data());
  g.bind_input(ae.target, pts.data());
  g.forward(ae.loss);
  const float initial = g.value(ae.loss)(0, 0);
  for (int step = 0; step < 3000; ++step) {
    g.forward(ae.loss);
    g.backward(ae.loss);
    g.params() -= 0.1f * g.grads();
  }
  g.forward(ae.loss);
  EXPECT_LT(g.value(ae.loss)(0, 0), 1e-4f * initial) << "initial " << initial;
}

TEST(Graph, ExplainListsNodes) {
  const Ae ae = line_ae();
  const std::string text = ae.spec.describe();
  EXPECT_NE(text.find("7 parameters (7 trainable)"), std::string::npos) << text;
  EXPECT_NE(text.find("= dense(%0, %2, %3) : 1xB"), std::string::npos) << text;
  EXPECT_NE(text.find("loss = %"), std::string::npos) << text;
}

}  // namespace
}  // namespace ael::graph::testing

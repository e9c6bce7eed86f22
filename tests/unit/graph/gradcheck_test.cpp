// The gradient checker itself: it must catch a wrong backward, and count what it checks.
#include <gtest/gtest.h>

#include "graph/ops/builtin.hpp"
#include "graph_test_util.hpp"

namespace ael::graph::testing {
namespace {

// y = x^2 with a backward that forgets the factor 2.
template <class S>
class WrongSquare : public Kernel<S> {
 public:
  explicit WrongSquare(const NodeInfo&) {}
  void forward(KernelContext<S>& c) override { c.output() = c.input(0).cwiseAbs2(); }
  void backward(KernelContext<S>& c) override {
    if (c.needs_grad(0)) c.input_grad(0).array() += c.output_grad().array() * c.input(0).array();
  }
};

TEST(Gradcheck, CatchesAWrongBackward) {
  OpRegistry registry;
  register_builtin_ops(registry);
  OpDef def;
  def.name = "wrong_square";
  def.shape = [](const std::vector<Shape>& in, const Attrs&) { return in[0]; };
  set_kernels<WrongSquare>(def);
  registry.add(std::move(def));

  GraphBuilder b(registry);
  const NodeId x = b.input("x", Shape::batch(2));
  const NodeId w = b.param("w", 2, 2, InitSpec::normal(0, 1));
  const NodeId loss = b.add("sum", {b.add("wrong_square", {b.add("dense", {x, w})})});
  Graph<double> g(b.finish(), 1, registry);
  g.set_batch(3);
  Rng rng(1);
  fill_inputs(g, rng);
  const GradcheckReport report = gradcheck(g, loss);
  EXPECT_EQ(report.checked, 4 + 6);
  EXPECT_NEAR(report.worst_error, 0.5, 1e-6) << report.summary();
  EXPECT_FALSE(report.passed(1e-3));
}

TEST(Gradcheck, SkipsFixedWeightsAndRestoresTheGraph) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(2));
  const NodeId fixed = b.param("fixed", 2, 2, InitSpec::normal(0, 1), false);
  const NodeId w = b.param("w", 1, 2, InitSpec::normal(0, 1));
  const NodeId loss =
      b.add("mean", {b.add("tanh", {b.add("dense", {b.add("dense", {x, fixed}), w})})});
  Graph<double> g(b.finish(), 3);
  g.set_batch(2);
  Rng rng(2);
  fill_inputs(g, rng);
  const Eigen::VectorXd params = g.params();
  const Eigen::MatrixXd input = g.value(x);
  g.forward(loss);
  const double before = g.value(loss)(0, 0);
  const GradcheckReport report = gradcheck(g, loss);
  EXPECT_EQ(report.checked, 2 + 4);  // w and x; the fixed block is not checked
  EXPECT_TRUE(report.passed(1e-6)) << report.summary();
  EXPECT_EQ(Eigen::VectorXd(g.params()), params);
  EXPECT_EQ(Eigen::MatrixXd(g.value(x)), input);
  EXPECT_EQ(g.value(loss)(0, 0), before);
}

}  // namespace
}  // namespace ael::graph::testing

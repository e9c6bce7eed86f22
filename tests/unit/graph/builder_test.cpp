// GraphBuilder: shape inference and the messages of the errors it reports.
#include <gtest/gtest.h>

#include "graph/layers.hpp"
#include "graph_test_util.hpp"

namespace ael::graph::testing {
namespace {

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ShapeError& e) {
    return std::string("ShapeError: ") + e.what();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Builder, InfersShapes) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(3));
  const NodeId h = dense_layer(b, x, 5, "l1");
  EXPECT_EQ(b.shape(h), Shape::batch(5));
  EXPECT_EQ(b.shape(b.add("sum", {h}, {{"axis", "batch"}})), Shape::fixed(5, 1));
  EXPECT_EQ(b.shape(b.add("mean", {h}, {{"axis", "features"}})), Shape::batch(1));
  EXPECT_EQ(b.shape(b.add("mse", {h, h})), Shape::scalar());
  EXPECT_EQ(b.shape(b.add("reshape", {h}, {{"rows", std::int64_t{1}}})), Shape::batch(1, 5));
  EXPECT_EQ(b.shape(b.add("repeat_cols", {x}, {{"k", std::int64_t{4}}})).str(), "3x4B");
  EXPECT_EQ(b.shape(b.constant(Eigen::MatrixXd::Ones(2, 3))).str(), "2x3");
}

TEST(Builder, ShapeErrorsNameTheOpAndShapes) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(2));
  const NodeId y = b.input("y", Shape::batch(3));
  const NodeId w = b.param("W", 4, 3);
  EXPECT_EQ(error_of([&] {
              b.add("dense", {x, w});
            }),
            "ShapeError: dense: input has 2 features but the layer expects 3");
  EXPECT_EQ(error_of([&] {
              b.add("add", {y, x});
            }),
            "ShapeError: add: shapes 3xB and 2xB do not broadcast");
  EXPECT_EQ(error_of([&] {
              b.add("mse", {x, y});
            }),
            "ShapeError: mse: prediction is 2xB but target is 3xB (they must have the same shape)");
  EXPECT_EQ(error_of([&] {
              b.add("slice", {x}, {{"begin", std::int64_t{1}}, {"end", std::int64_t{5}}});
            }),
            "ShapeError: slice: rows [1, 5) are not a non-empty range inside 2xB");
  EXPECT_EQ(error_of([&] {
              b.add("dense", {y, w, b.param("b", 3, 1)});
            }),
            "ShapeError: dense: bias is 3x1 but the layer has 4 outputs (it needs 4x1)");
  EXPECT_EQ(
      error_of([&] {
        b.add("concat", {x, w});
      }),
      "ShapeError: concat: the first input is 2xB but another is 4x3 (they need the same columns)");
}

TEST(Builder, OpArityAndAttributeErrors) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(2));
  EXPECT_EQ(error_of([&] { b.add("dense", {x}); }), "dense: takes 2 to 3 inputs, got 1");
  EXPECT_EQ(error_of([&] { b.add("relu", {x, x}); }), "relu: takes 1 input, got 2");
  EXPECT_EQ(error_of([&] { b.add("relux", {x}); }), "unknown op 'relux'; did you mean 'relu'?");
  EXPECT_EQ(error_of([&] {
              b.add("leaky_relu", {x}, {{"slope", 0.1}});
            }),
            "leaky_relu: unknown attribute 'slope' (it accepts: alpha)");
  EXPECT_EQ(error_of([&] {
              b.add("leaky_relu", {x}, {{"alpha", "big"}});
            }),
            "leaky_relu: attribute 'alpha' must be a number, got string \"big\"");
  EXPECT_EQ(error_of([&] {
              b.add("slice", {x}, {{"end", std::int64_t{1}}});
            }),
            "slice: attribute 'begin' is required");
  EXPECT_EQ(error_of([&] { b.add("relu", {x, 99}); }), "relu: takes 1 input, got 2");
  EXPECT_EQ(error_of([&] { b.add("relu", {99}); }), "relu: input node 99 does not exist");
  EXPECT_EQ(error_of([&] {
              b.add("noise", {x}, {{"kind", "poisson"}});
            }),
            "ShapeError: noise: kind must be \"normal\" or \"uniform\", got \"poisson\"");
}

TEST(Builder, AttributeDefaultsAreFilledIn) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(2));
  const NodeId y = b.add("leaky_relu", {x});
  const NodeId s = b.add("softmax", {x}, {{"groups", std::int64_t{2}}});
  const NodeId a = b.add("affine", {x}, {{"scale", std::int64_t{2}}});  // int where real expected
  const GraphSpec& spec = b.spec();
  EXPECT_EQ(spec.nodes[static_cast<std::size_t>(y)].attrs.number("alpha"), 0.01);
  EXPECT_EQ(spec.nodes[static_cast<std::size_t>(s)].attrs.integer("groups"), 2);
  EXPECT_TRUE(
      std::holds_alternative<double>(*spec.nodes[static_cast<std::size_t>(a)].attrs.find("scale")));
}

TEST(Builder, NamesAreUnique) {
  GraphBuilder b;
  b.input("x", Shape::batch(2));
  b.param("W", 1, 2);
  EXPECT_EQ(error_of([&] { b.input("x", Shape::batch(1)); }),
            "the model already has an input named 'x'");
  EXPECT_EQ(error_of([&] { b.scalar_input("x"); }), "the model already has an input named 'x'");
  EXPECT_EQ(error_of([&] { b.param("W", 1, 2); }), "the model already has a parameter 'W'");
  EXPECT_EQ(
      error_of([&] { b.param("V", 1, 2, InitSpec{"glorious"}); }),
      "parameter 'V': unknown initialiser 'glorious' (known: zeros, constant, normal, uniform, "
      "glorot_uniform, glorot_normal, he_uniform, he_normal, torch)");
  EXPECT_EQ(error_of([&] { b.param("Z", 0, 2); }),
            "ShapeError: parameter 'Z': shape 0x2 has no elements");
}

TEST(Builder, ParamLayoutIsOneFlatVector) {
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(2));
  dense_layer(b, x, 3, "a");
  b.param("fixed", 2, 2, InitSpec::constant(1), false);
  const GraphSpec spec = b.finish();
  ASSERT_EQ(spec.params.blocks.size(), 3u);
  EXPECT_EQ(spec.params.blocks[1].name, "a.b");
  EXPECT_EQ(spec.params.blocks[1].offset, 6);
  EXPECT_EQ(spec.params.blocks[2].offset, 9);
  EXPECT_EQ(spec.params.size, 13);
  EXPECT_EQ(spec.params.trainable_size(), 9);
  const Eigen::VectorXd mask = spec.params.trainable_mask();
  EXPECT_EQ(mask.head(9).sum(), 9);
  EXPECT_EQ(mask.tail(4).sum(), 0);
  EXPECT_EQ(spec.find_endpoint("x"), std::optional<NodeId>(x));
  EXPECT_EQ(error_of([&] { spec.endpoint("code"); }),
            "the model has no endpoint 'code' (it has: x)");
}

template <class S>
class Twice : public Kernel<S> {
 public:
  explicit Twice(const NodeInfo& n) : k_(static_cast<S>(n.attrs.number("factor"))) {}
  void forward(KernelContext<S>& c) override { c.output() = k_ * c.input(0); }
  void backward(KernelContext<S>& c) override {
    if (c.needs_grad(0)) c.input_grad(0) += k_ * c.output_grad();
  }

 private:
  S k_;
};

TEST(Builder, PluginStyleOpsRegisterAndRun) {
  // What a loss plugin does: define an op against op.hpp alone and register it.
  OpDef def;
  def.name = "test_twice_plugin_op";
  def.attrs = {{"factor", 2.0, false, "multiplier"}};
  def.shape = [](const std::vector<Shape>& in, const Attrs&) { return in[0]; };
  set_kernels<Twice>(def);
  op_registry().add(def);
  EXPECT_THROW(op_registry().add(def), Error);
  GraphBuilder b;
  const NodeId x = b.input("x", Shape::batch(1));
  const NodeId y = b.add("test_twice_plugin_op", {x}, {{"factor", 3.0}});
  Graph<float> g(b.finish());
  g.set_input(x, Eigen::MatrixXf::Constant(1, 1, 2.0f));
  g.forward(y);
  EXPECT_EQ(g.value(y)(0, 0), 6.0f);
  EXPECT_TRUE(op_registry().remove("test_twice_plugin_op"));
  g.forward(y);  // a compiled graph keeps the op's kernels
  EXPECT_EQ(g.value(y)(0, 0), 6.0f);
}

}  // namespace
}  // namespace ael::graph::testing

// Finite-difference gradient check of every built-in op, in double, at batch sizes 1, 3
// and 7, with odd shapes and every broadcasting form.
#include <gtest/gtest.h>

#include <set>

#include "graph_test_util.hpp"

namespace ael::graph::testing {
namespace {

struct OpCase {
  std::string label;
  std::string op;
  std::vector<Operand> operands;
  Attrs attrs;
};

std::ostream& operator<<(std::ostream& out, const OpCase& c) { return out << c.label; }

const Shape B3 = Shape::batch(3);

std::vector<OpCase> unary_cases() {
  std::vector<OpCase> cases;
  auto add = [&](const std::string& op, Domain d, Attrs attrs = {}) {
    cases.push_back({op + "_batched", op, {in(B3, d)}, attrs});
    cases.push_back({op + "_fixed", op, {par(5, 2, d)}, attrs});
    cases.push_back({op + "_scalar", op, {in(Shape::scalar(), d)}, attrs});
  };
  add("identity", Domain::Any);
  add("relu", Domain::AwayFromZero);
  add("leaky_relu", Domain::AwayFromZero, {{"alpha", 0.1}});
  add("tanh", Domain::Any);
  add("sigmoid", Domain::Any);
  add("softplus", Domain::Any);
  add("exp", Domain::Any);
  add("log", Domain::Positive);
  add("sin", Domain::Any);
  add("cos", Domain::Any);
  add("sqrt", Domain::Positive);
  add("abs", Domain::AwayFromZero);
  add("square", Domain::Any);
  add("neg", Domain::Any);
  add("pow", Domain::Any, {{"exponent", 3.0}});
  add("pow", Domain::Positive, {{"exponent", -1.5}});
  cases.back().label = "pow_negative_exponent_scalar";
  cases[cases.size() - 2].label = "pow_negative_exponent_fixed";
  cases[cases.size() - 3].label = "pow_negative_exponent_batched";
  add("affine", Domain::Any, {{"scale", 2.5}, {"shift", -1.0}});
  return cases;
}

std::vector<OpCase> binary_cases() {
  struct Pair {
    std::string label;
    Operand a, b;
  };
  const std::vector<Pair> pairs = {
      {"same", in(B3), in(B3, Domain::Positive)},
      {"batched_scalar", in(B3), in(Shape::scalar(), Domain::Positive)},
      {"scalar_batched", in(Shape::scalar()), in(B3, Domain::Positive)},
      {"batched_column", in(B3), par(3, 1, Domain::Positive)},
      {"column_batched", par(3, 1), in(B3, Domain::Positive)},
      {"batched_row", in(B3), in(Shape::batch(1), Domain::Positive)},
      {"row_batched", in(Shape::batch(1)), in(B3, Domain::Positive)},
      {"fixed_column", par(2, 3), par(2, 1, Domain::Positive)},
      {"fixed_row", par(2, 3), par(1, 3, Domain::Positive)},
      {"multiplier_column", in(Shape::batch(2, 4)), par(2, 1, Domain::Positive)},
  };
  std::vector<OpCase> cases;
  for (const std::string op : {"add", "sub", "mul", "div"}) {
    for (const auto& p : pairs) cases.push_back({op + "_" + p.label, op, {p.a, p.b}, {}});
  }
  return cases;
}

std::vector<OpCase> structural_cases() {
  return {
      {"dense_bias", "dense", {in(B3), par(4, 3), par(4, 1)}, {}},
      {"dense_no_bias", "dense", {in(B3), par(4, 3)}, {}},
      {"dense_loop_path", "dense", {in(Shape::batch(6)), par(5, 6), par(5, 1)}, {}},
      {"dense_gemm_path", "dense", {in(Shape::batch(9)), par(7, 9), par(7, 1)}, {}},
      {"dense_fixed_input", "dense", {par(3, 2), par(5, 3), par(5, 1)}, {}},
      {"dense_multiplier", "dense", {in(Shape::batch(3, 2)), par(2, 3), par(2, 1)}, {}},
      {"matmul", "matmul", {par(4, 3), in(B3)}, {}},
      {"matmul_transposed", "matmul", {par(3, 4), in(B3)}, {{"transpose_a", std::int64_t{1}}}},
      {"matmul_fixed", "matmul", {par(4, 3), par(3, 5)}, {}},
      {"scale", "scale", {in(B3), par(3, 1)}, {}},
      {"concat", "concat", {in(Shape::batch(2)), in(B3), in(Shape::batch(1))}, {}},
      {"concat_fixed", "concat", {par(2, 2), par(1, 2)}, {}},
      {"slice",
       "slice",
       {in(Shape::batch(5))},
       {{"begin", std::int64_t{1}}, {"end", std::int64_t{4}}}},
      {"reshape_steps", "reshape", {in(Shape::batch(6))}, {{"rows", std::int64_t{2}}}},
      {"reshape_fixed", "reshape", {par(6, 2)}, {{"rows", std::int64_t{3}}}},
      {"repeat_cols", "repeat_cols", {in(B3)}, {{"k", std::int64_t{4}}}},
      {"top_k", "top_k", {in(Shape::batch(6))}, {{"k", std::int64_t{2}}}},
      {"repeat_cols_fixed", "repeat_cols", {par(2, 3)}, {{"k", std::int64_t{2}}}},
      {"sum_all", "sum", {in(B3)}, {{"axis", "all"}}},
      {"sum_batch", "sum", {in(B3)}, {{"axis", "batch"}}},
      {"sum_features", "sum", {in(B3)}, {{"axis", "features"}}},
      {"mean_all", "mean", {in(B3)}, {{"axis", "all"}}},
      {"mean_batch", "mean", {in(B3)}, {{"axis", "batch"}}},
      {"mean_features", "mean", {par(2, 5)}, {{"axis", "features"}}},
      {"softmax", "softmax", {in(Shape::batch(4))}, {}},
      {"softmax_groups", "softmax", {in(Shape::batch(6))}, {{"groups", std::int64_t{3}}}},
      {"log_softmax", "log_softmax", {in(Shape::batch(4))}, {}},
      {"log_softmax_groups", "log_softmax", {in(Shape::batch(6))}, {{"groups", std::int64_t{2}}}},
      {"noise_normal", "noise", {in(B3)}, {{"kind", "normal"}, {"sigma", 0.3}}},
      {"noise_uniform", "noise", {in(B3)}, {{"kind", "uniform"}, {"sigma", 0.3}}},
      {"noise_like", "noise_like", {in(B3)}, {}},
  };
}

std::vector<OpCase> sequence_and_loss_cases() {
  const Index L = 3, C = 2, H = 3;
  const Shape seq = Shape::batch(L * C), state = Shape::batch(H);
  return {
      {"lstm", "lstm", {in(seq), par(4 * H, C), par(4 * H, H), par(4 * H, 1), par(4 * H, 1)}, {}},
      {"lstm_with_state",
       "lstm",
       {in(seq), par(4 * H, C), par(4 * H, H), par(4 * H, 1), par(4 * H, 1), in(state), in(state)},
       {}},
      {"lstm_shared_sequence",
       "lstm",
       {par(L, 1), par(4 * H, 1), par(4 * H, H), par(4 * H, 1), par(4 * H, 1), in(state),
        in(state)},
       {}},
      {"lstm_hidden_1",
       "lstm",
       {in(Shape::batch(4)), par(4, 1), par(4, 1), par(4, 1), par(4, 1)},
       {}},
      {"dense_per_sample",
       "dense_per_sample",
       {in(B3), in(Shape::batch(20))},
       {{"w_offset", std::int64_t{5}},
        {"b_offset", std::int64_t{12}},
        {"out", std::int64_t{2}},
        {"in", std::int64_t{3}}}},
      {"dense_per_sample_no_bias",
       "dense_per_sample",
       {in(Shape::batch(2, 4)), in(Shape::batch(8, 4))},
       {{"w_offset", std::int64_t{0}},
        {"out", std::int64_t{3}},
        {"in", std::int64_t{2}},
        {"has_bias", std::int64_t{0}}}},
      {"scale_per_sample",
       "scale_per_sample",
       {in(B3), in(Shape::batch(7))},
       {{"s_offset", std::int64_t{1}},
        {"b_offset", std::int64_t{4}},
        {"has_bias", std::int64_t{1}}}},
      {"mse", "mse", {in(B3), in(B3)}, {}},
      {"mae", "mae", {in(B3), in(B3)}, {}},
      {"bce", "bce", {in(B3, Domain::Probability), in(B3, Domain::Probability)}, {}},
      {"bce_with_logits", "bce_with_logits", {in(B3), in(B3, Domain::Probability)}, {}},
      {"cross_entropy", "cross_entropy", {in(Shape::batch(4)), onehot(Shape::batch(4), 4)}, {}},
      {"cross_entropy_soft",
       "cross_entropy",
       {in(Shape::batch(4)), in(Shape::batch(4), Domain::Probability)},
       {}},
      {"cross_entropy_groups",
       "cross_entropy",
       {in(Shape::batch(6)), onehot(Shape::batch(6), 2)},
       {{"groups", std::int64_t{3}}}},
      {"l1", "l1", {in(B3, Domain::AwayFromZero)}, {}},
      {"l2", "l2", {in(B3)}, {}},
      {"l2_fixed", "l2", {par(4, 3)}, {}},
  };
}

std::vector<OpCase> all_cases() {
  std::vector<OpCase> all;
  for (auto part : {unary_cases(), binary_cases(), structural_cases(), sequence_and_loss_cases()})
    all.insert(all.end(), part.begin(), part.end());
  return all;
}

class OpGradient : public ::testing::TestWithParam<OpCase> {};

TEST_P(OpGradient, MatchesCentralDifferencesAtSeveralBatchSizes) {
  const OpCase& c = GetParam();
  for (Index batch : {1, 3, 7}) {
    const GradcheckReport report = check_op(c.op, c.operands, c.attrs, batch);
    EXPECT_GT(report.checked, 0);
    // Real gradient bugs give errors of order 1; 1e-5 leaves room for rounding in the
    // finite differences of losses that are large next to one entry's gradient.
    EXPECT_LT(report.worst_error, 1e-5)
        << c.label << " at batch " << batch << ": " << report.summary();
  }
}

INSTANTIATE_TEST_SUITE_P(BuiltinOps, OpGradient, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<OpCase>& info) {
                           return info.param.label;
                         });

TEST(OpGradient, EveryBuiltinOpWithKernelsHasAGradientCase) {
  std::set<std::string> covered;
  for (const auto& c : all_cases()) covered.insert(c.op);
  for (const auto& name : op_registry().names()) {
    auto def = op_registry().find(name);
    if (def->max_arity == 0) continue;                           // leaves have no kernels
    if (!def->differentiable && name != "noise_like") continue;  // see stop_gradient test
    EXPECT_TRUE(covered.count(name)) << "no gradient test for op '" << name << "'";
  }
}

TEST(OpGradient, StopGradientPassesValuesAndBlocksGradients) {
  GraphBuilder b;
  const NodeId w = b.param("w", 3, 1, InitSpec::constant(2.0));
  const NodeId x = b.input("x", B3);
  const NodeId direct = b.add("mul", {x, w});
  const NodeId blocked = b.add("mul", {x, b.add("stop_gradient", {w})});
  const NodeId loss = b.add("sum", {b.add("add", {direct, blocked})});
  Graph<double> g(b.finish());
  g.set_batch(2);
  const Eigen::MatrixXd xv = Eigen::MatrixXd::Constant(3, 2, 1.5);
  g.set_input(x, xv);
  g.forward(loss);
  EXPECT_DOUBLE_EQ(g.value(loss)(0, 0), 2 * 6 * 1.5 * 2.0);
  g.backward(loss);
  // Only the direct path reaches w: d/dw_i = sum_j x_ij = 3.
  EXPECT_TRUE(g.grads().isApproxToConstant(3.0)) << g.grads().transpose();
}

}  // namespace
}  // namespace ael::graph::testing

// Expression structure: validation, builder, subtrees, constants, equality, hashing.
#include "expr/eigen_gcc12.hpp"

#include <gtest/gtest.h>

#include <unordered_set>

#include "ael/diagnostic.hpp"
#include "ael/expression.hpp"

namespace ael {
namespace {

Expression x0_times_x1_plus_sin_x0() {
  ExpressionBuilder b({"x0", "x1"});
  b.variable(0).variable(1).op(ExprOp::Mul).variable("x0").op("sin").op(ExprOp::Add);
  return b.build();
}

TEST(ExpressionTest, BuilderMakesPostfixWithSubtreeSizes) {
  const Expression e = x0_times_x1_plus_sin_x0();
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e.nodes()[2].op, ExprOp::Mul);
  EXPECT_EQ(e.nodes()[2].size, 3u);
  EXPECT_EQ(e.nodes()[4].size, 2u);
  EXPECT_EQ(e.nodes()[5].size, 6u);
  EXPECT_EQ(e.depth(), 2);
  EXPECT_EQ(e.subtree_begin(4), 3u);
  EXPECT_EQ(e.children(5), (std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(e.subtree(2).str(), "x0 * x1");
  EXPECT_EQ(e.complexity(), 6u);
}

TEST(ExpressionTest, DepthFollowsDeapConvention) {
  EXPECT_EQ(Expression::variable(0, {"x"}).depth(), 0);
  EXPECT_EQ(Expression::constant(2.0).depth(), 0);
  ExpressionBuilder b({"x"});
  b.variable(0).op(ExprOp::Sin).op(ExprOp::Cos).variable(0).op(ExprOp::Add);
  EXPECT_EQ(b.build().depth(), 3);
  const Expression e = b.build();
  EXPECT_EQ(expr_node_depths(e.nodes().data(), e.size()), (std::vector<int>{3, 2, 1, 1, 0}));
}

TEST(ExpressionTest, MalformedProgramsAreRejectedWithAReason) {
  using Nodes = std::vector<ExprNode>;
  using Names = std::vector<std::string>;
  EXPECT_THROW(Expression(Nodes{}, Names{"x"}), Error);
  EXPECT_THROW(Expression(Nodes{ExprNode::var(0), ExprNode::var(0)}, Names{"x"}), Error);
  EXPECT_THROW(Expression(Nodes{ExprNode::var(0), ExprNode::primitive(ExprOp::Add)}, Names{"x"}),
               Error);
  EXPECT_THROW(Expression(Nodes{ExprNode::var(1)}, Names{"x"}), Error);
  EXPECT_THROW(Expression(Nodes{ExprNode::constant(std::nan(""))}, Names{}), Error);
  try {
    Expression(Nodes{ExprNode::var(0), ExprNode::primitive(ExprOp::Mul)}, Names{"x"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("('mul') needs 2 operands"), std::string::npos)
        << e.what();
  }
}

TEST(ExpressionTest, BuilderChecksEveryStep) {
  ExpressionBuilder b({"a"});
  EXPECT_THROW(b.variable(3), Error);
  EXPECT_THROW(b.variable("nope"), Error);
  EXPECT_THROW(b.op(ExprOp::Sin), Error);
  EXPECT_THROW(b.op("frobnicate"), Error);
  EXPECT_THROW(b.constant(INFINITY), Error);
  EXPECT_THROW(b.build(), Error);
  b.variable("a").variable("a");
  EXPECT_EQ(b.depth(), 2u);
  EXPECT_THROW(b.build(), Error);
  b.op("max");
  EXPECT_EQ(b.build().str(), "max(a, a)");
}

TEST(ExpressionTest, BuilderPushMatchesVariablesByName) {
  const Expression inner = Expression::variable(0, {"b"});
  ExpressionBuilder b({"a", "b"});
  b.push(inner).variable("a").op(ExprOp::Sub);
  EXPECT_EQ(b.build().str(), "b - a");
  ExpressionBuilder c({"a"});
  EXPECT_THROW(c.push(inner), Error);
}

TEST(ExpressionTest, ConstantsAreReadAndReplacedInPostfixOrder) {
  ExpressionBuilder b({"x"});
  b.constant(1.5).variable(0).op(ExprOp::Mul).constant(-2.0).op(ExprOp::Add);
  const Expression e = b.build();
  EXPECT_EQ(e.constants(), (std::vector<double>{1.5, -2.0}));
  EXPECT_EQ(e.constant_count(), 2u);
  const Expression f = e.with_constants({3.0, 4.0});
  EXPECT_EQ(f.str(), "3 * x + 4");
  EXPECT_THROW(e.with_constants({1.0}), Error);
  EXPECT_THROW(e.with_constants({1.0, NAN}), Error);
}

TEST(ExpressionTest, EqualityAndHashFollowStructureConstantsAndNames) {
  const Expression a = x0_times_x1_plus_sin_x0();
  const Expression b = x0_times_x1_plus_sin_x0();
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_NE(a, a.with_variables({"u", "v"}));
  EXPECT_NE(Expression::constant(1.0), Expression::constant(2.0));
  EXPECT_EQ(Expression::constant(0.0), Expression::constant(-0.0));
  EXPECT_EQ(Expression::constant(0.0).hash(), Expression::constant(-0.0).hash());
  std::unordered_set<Expression> set{a, b, Expression::constant(1.0)};
  EXPECT_EQ(set.size(), 2u);
}

TEST(ExpressionTest, OpTableNamesRoundTrip) {
  for (ExprOp op : expr_primitives()) {
    const ExprOpInfo& info = expr_op_info(op);
    ASSERT_EQ(expr_op_from_name(info.name), op) << info.name;
    EXPECT_GT(info.arity, 0);
    EXPECT_NE(std::string(info.rule), "");
  }
  EXPECT_FALSE(expr_op_from_name("constant").has_value());
  EXPECT_EQ(expr_primitives().size(), static_cast<std::size_t>(kExprOpCount - 2));
}

TEST(ExpressionTest, UpdateSizesRecomputesAfterEdits) {
  std::vector<ExprNode> nodes = {ExprNode::var(0), ExprNode::primitive(ExprOp::Exp),
                                 ExprNode::var(0), ExprNode::primitive(ExprOp::Div)};
  expr_update_sizes(nodes);
  EXPECT_EQ(nodes[3].size, 4u);
  EXPECT_EQ(nodes[1].size, 2u);
  nodes.erase(nodes.begin() + 2);  // div loses an operand
  EXPECT_THROW(expr_update_sizes(nodes), Error);
}

}  // namespace
}  // namespace ael

// Operator precedence and associativity as the parser builds them.
#include "parse_helpers.hpp"

namespace ael::test {
namespace {

std::string tree(const std::string& expression) {
  Parsed p = parse(expression);
  EXPECT_TRUE(p.out.ok()) << expression << ": " << p.first_error();
  if (!p.out.ok() || p.count() != 1) return "<error>";
  return sexpr(expr_of(p, 0));
}

TEST(Precedence, MultiplicationBindsTighterThanAddition) {
  EXPECT_EQ(tree("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(tree("1 * 2 + 3"), "(+ (* 1 2) 3)");
  EXPECT_EQ(tree("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(tree("a / b % c @ d"), "(@ (% (/ a b) c) d)");
}

TEST(Precedence, PowerIsRightAssociative) { EXPECT_EQ(tree("2 ^ 3 ^ 2"), "(^ 2 (^ 3 2))"); }

TEST(Precedence, PowerBindsTighterThanUnaryMinus) {
  EXPECT_EQ(tree("-2 ^ 2"), "(neg (^ 2 2))");
  EXPECT_EQ(tree("2 ^ -1"), "(^ 2 (neg 1))");
  EXPECT_EQ(tree("-a * b"), "(* (neg a) b)");
}

TEST(Precedence, PostfixBindsTightest) {
  EXPECT_EQ(tree("-f(x).y[0] ^ 2"), "(neg (^ (index (. (call f x) y) 0) 2))");
}

TEST(Precedence, ComparisonsBelowArithmeticAndRanges) {
  EXPECT_EQ(tree("a + 1 < b * 2"), "(< (+ a 1) (* b 2))");
  EXPECT_EQ(tree("0..n + 1"), "(.. 0 (+ n 1))");
  EXPECT_EQ(tree("0..=10 step 2"), "(..= 0 10 step 2)");
}

TEST(Precedence, LogicalOperators) {
  EXPECT_EQ(tree("not a and b or c"), "(or (and (not a) b) c)");
  EXPECT_EQ(tree("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(tree("not x == y"), "(not (== x y))");
}

TEST(Precedence, PipelinesAreLoosestAndLeftAssociative) {
  EXPECT_EQ(tree("x |> f(1) |> g"), "(|> (|> x (call f 1)) g)");
  EXPECT_EQ(tree("a + b |> f"), "(|> (+ a b) f)");
  EXPECT_EQ(tree("a then b then c"), "(then (then a b) c)");
}

TEST(Precedence, ParenthesesOverride) {
  EXPECT_EQ(tree("(1 + 2) * 3"), "(* (+ 1 2) 3)");
  EXPECT_EQ(tree("(-2) ^ 2"), "(^ (neg 2) 2)");
}

TEST(Precedence, CallsWithNamedArgumentsAndSlices) {
  EXPECT_EQ(tree("f(1, b: 2)"), "(call f 1 b:2)");
}

TEST(Precedence, IndexingAndSlicing) {
  EXPECT_EQ(tree("m[1, 2:3]"), "(index m 1 [2:3])");
  EXPECT_EQ(tree("xs[:]"), "(index xs [:])");
  EXPECT_EQ(tree("xs[-1:]"), "(index xs [(neg 1):])");
}

}  // namespace
}  // namespace ael::test

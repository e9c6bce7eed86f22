// Printing: AEL infix with minimal parentheses, LaTeX, constants.
#include "expr/eigen_gcc12.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ael/expression.hpp"
#include "rpn.hpp"

namespace ael {
namespace {

using test::rpn;

TEST(PrintTest, InfixUsesMinimalParentheses) {
  EXPECT_EQ(rpn("x y mul x sin add").str(), "x * y + sin(x)");
  EXPECT_EQ(rpn("x y add z mul").str(), "(x + y) * z");
  EXPECT_EQ(rpn("x y z add add").str(), "x + (y + z)");  // keeps the tree's shape
  EXPECT_EQ(rpn("x y add z add").str(), "x + y + z");
  EXPECT_EQ(rpn("x y sub z sub").str(), "x - y - z");
  EXPECT_EQ(rpn("x y z sub sub").str(), "x - (y - z)");
  EXPECT_EQ(rpn("x y z mul div").str(), "x / (y * z)");
  EXPECT_EQ(rpn("x y div z mul").str(), "x / y * z");
  EXPECT_EQ(rpn("x y mul z add").str(), "x * y + z");
  EXPECT_EQ(rpn("x y z mul add").str(), "x + y * z");
}

TEST(PrintTest, PowIsRightAssociativeAndBindsTighterThanUnaryMinus) {
  EXPECT_EQ(rpn("x y z pow pow").str(), "x ^ y ^ z");
  EXPECT_EQ(rpn("x y pow z pow").str(), "(x ^ y) ^ z");
  EXPECT_EQ(rpn("x 2 pow neg").str(), "-x ^ 2");
  EXPECT_EQ(rpn("x neg 2 pow").str(), "(-x) ^ 2");
  EXPECT_EQ(rpn("x -2 pow").str(), "x ^ (-2)");
  EXPECT_EQ(rpn("-2 x pow").str(), "(-2) ^ x");
  EXPECT_EQ(rpn("x y mul 2 pow").str(), "(x * y) ^ 2");
  EXPECT_EQ(rpn("x sin 2 pow").str(), "sin(x) ^ 2");
}

TEST(PrintTest, UnaryMinusNeverPrintsTwoMinusSigns) {
  EXPECT_EQ(rpn("x neg neg").str(), "-(-x)");
  EXPECT_EQ(rpn("x y add neg").str(), "-(x + y)");
  EXPECT_EQ(rpn("x y mul neg").str(), "-(x * y)");
  EXPECT_EQ(rpn("x neg y mul").str(), "-x * y");
  EXPECT_EQ(rpn("x y neg mul").str(), "x * -y");
  EXPECT_EQ(rpn("x y neg sub").str(), "x - -y");
  EXPECT_EQ(rpn("x -3 sub").str(), "x - -3");
  EXPECT_EQ(rpn("-3 neg").str(), "-(-3)");
}

TEST(PrintTest, FunctionsUseAelNames) {
  EXPECT_EQ(rpn("x square y cube add").str(), "square(x) + cube(y)");
  EXPECT_EQ(rpn("x y max z min").str(), "min(max(x, y), z)");
  EXPECT_EQ(rpn("x exp log sqrt abs tanh sigmoid tan cos").str(),
            "cos(tan(sigmoid(tanh(abs(sqrt(log(exp(x))))))))");
  EXPECT_EQ(rpn("x y add sin").str(), "sin(x + y)");
}

TEST(PrintTest, ConstantsUseTheShortestRoundTrippingText) {
  EXPECT_EQ(format_constant(2.0), "2");
  EXPECT_EQ(format_constant(0.1), "0.1");
  EXPECT_EQ(format_constant(-1.5), "-1.5");
  EXPECT_EQ(format_constant(1e-10), "1e-10");
  EXPECT_EQ(format_constant(2.5e20), "2.5e20");
  EXPECT_EQ(format_constant(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(std::stod(format_constant(M_PI)), M_PI);
  EXPECT_EQ(rpn("x 0.5 mul").str(), "x * 0.5");
}

TEST(PrintTest, LatexGoldenCases) {
  EXPECT_EQ(to_latex(rpn("x y div")), "\\frac{x}{y}");
  EXPECT_EQ(to_latex(rpn("x y add 2 pow")), "{\\left(x + y\\right)}^{2}");
  EXPECT_EQ(to_latex(rpn("x sqrt y abs mul")), "\\sqrt{x} \\cdot \\left|y\\right|");
  EXPECT_EQ(to_latex(rpn("x exp")), "e^{x}");
  EXPECT_EQ(to_latex(rpn("x sin y square add")), "\\sin\\left(x\\right) + {y}^{2}");
  EXPECT_EQ(to_latex(rpn("x 1e-10 mul")), "x \\cdot 10^{-10}");
  EXPECT_EQ(to_latex(rpn("x 2.5e-10 mul")), "x \\cdot \\left(2.5 \\cdot 10^{-10}\\right)");
  EXPECT_EQ(to_latex(rpn("y z max log sigmoid neg")),
            "-\\sigma\\left(\\log\\left(\\max\\left(y, z\\right)\\right)\\right)");
  EXPECT_EQ(to_latex(rpn("x0 HouseAge mul x_1 add", {"x0", "HouseAge", "x_1"})),
            "x_{0} \\cdot \\mathrm{HouseAge} + \\mathrm{x\\_1}");
}

}  // namespace
}  // namespace ael

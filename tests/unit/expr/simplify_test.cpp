// Simplification: golden rewrites, a fixed point, and values preserved.
#include "expr/eigen_gcc12.hpp"

#include <gtest/gtest.h>

#include "ael/expression.hpp"
#include "random_programs.hpp"
#include "rpn.hpp"

namespace ael {
namespace {

using test::rpn;

std::string simp(const std::string& script) { return simplify(rpn(script)).str(); }

TEST(SimplifyTest, IdentitiesAndConstantFolding) {
  EXPECT_EQ(simp("x 0 add"), "x");
  EXPECT_EQ(simp("0 x add"), "x");
  EXPECT_EQ(simp("x 0 sub"), "x");
  EXPECT_EQ(simp("0 x sub"), "-x");
  EXPECT_EQ(simp("x 1 mul"), "x");
  EXPECT_EQ(simp("1 x mul"), "x");
  EXPECT_EQ(simp("x 0 mul"), "0");
  EXPECT_EQ(simp("x 1 div"), "x");
  EXPECT_EQ(simp("x x sub"), "0");
  EXPECT_EQ(simp("x sin x sin div"), "1");
  EXPECT_EQ(simp("x neg neg"), "x");
  EXPECT_EQ(simp("2 3 mul x add"), "x + 6");
  EXPECT_EQ(simp("1 0 div x mul"), "x");  // protected: 1 / 0 folds to 1
  EXPECT_EQ(simp("-1 log x add"), "x");   // protected: log(-1) folds to 0
}

TEST(SimplifyTest, CanonicalPlacesForConstantsAndSigns) {
  EXPECT_EQ(simp("x 2 mul"), "2 * x");
  EXPECT_EQ(simp("2 x add"), "x + 2");
  EXPECT_EQ(simp("x -2 add"), "x - 2");
  EXPECT_EQ(simp("x -2 sub"), "x + 2");
  EXPECT_EQ(simp("x 1 add 2 add"), "x + 3");
  EXPECT_EQ(simp("x 1 sub 3 add"), "x + 2");
  EXPECT_EQ(simp("x 5 add 2 sub"), "x + 3");
  EXPECT_EQ(simp("2 3 x mul mul"), "6 * x");
  EXPECT_EQ(simp("x y neg add"), "x - y");
  EXPECT_EQ(simp("x y neg sub"), "x + y");
  EXPECT_EQ(simp("x y sub neg"), "y - x");
  EXPECT_EQ(simp("x -1 mul"), "-x");
}

TEST(SimplifyTest, StructuralRules) {
  EXPECT_EQ(simp("x y add x y add add"), "2 * (x + y)");
  EXPECT_EQ(simp("x sin x sin mul"), "square(sin(x))");
  EXPECT_EQ(simp("x square x mul"), "cube(x)");
  EXPECT_EQ(simp("x neg square"), "square(x)");
  EXPECT_EQ(simp("x neg abs"), "abs(x)");
  EXPECT_EQ(simp("x exp abs"), "exp(x)");
  EXPECT_EQ(simp("x square sqrt"), "abs(x)");
  EXPECT_EQ(simp("x neg cos"), "cos(x)");
  EXPECT_EQ(simp("x 2 pow"), "square(x)");
  EXPECT_EQ(simp("x 1 pow"), "x");
  EXPECT_EQ(simp("x 0 pow"), "1");
  EXPECT_EQ(simp("x y max x y max min"), "max(x, y)");
  EXPECT_EQ(simp("x y add y sub"), "x");
  EXPECT_EQ(simp("x y sin mul x y sin mul sub z add"), "z");
}

TEST(SimplifyTest, ReachesAFixedPoint) {
  Rng rng(8);
  for (int t = 0; t < 300; ++t) {
    const Expression e = test::random_expression(rng, 6, 3);
    const Expression s = simplify(e);
    EXPECT_EQ(simplify(s), s) << e.str();
    EXPECT_LE(s.size(), e.size() + e.size() / 2) << e.str();
  }
}

TEST(SimplifyTest, PreservesValuesWhereTheyAreFinite) {
  Rng rng(13);
  Eigen::MatrixXd X(3, 64);
  for (Eigen::Index c = 0; c < X.cols(); ++c) {
    for (int f = 0; f < 3; ++f) X(f, c) = rng.uniform(-2.0, 2.0);
  }
  int compared = 0;
  for (int t = 0; t < 600; ++t) {
    const Expression e = test::random_expression(rng, 4, 3);
    // Rewrites such as (a + b) - b -> a are exact in real arithmetic only; compare
    // expressions whose intermediate values all stay moderate, where rounding is small.
    bool moderate = true;
    for (std::size_t i = 0; i < e.size() && moderate; ++i) {
      const Eigen::VectorXd v = e.subtree(i).evaluate(X);
      moderate = v.allFinite() && v.cwiseAbs().maxCoeff() < 1e3;
    }
    if (!moderate) continue;
    const Eigen::VectorXd before = e.evaluate(X);
    const Eigen::VectorXd after = simplify(e).evaluate(X);
    for (Eigen::Index r = 0; r < X.cols(); ++r) {
      ++compared;
      ASSERT_NEAR(after[r], before[r], 1e-10 * std::max(1.0, std::fabs(before[r])))
          << e.str() << "  ->  " << simplify(e).str() << " at row " << r;
    }
  }
  EXPECT_GT(compared, 10000);
}

}  // namespace
}  // namespace ael

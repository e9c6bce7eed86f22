// The vectorised evaluator against the per-row reference evaluator, bit for bit.
#include "expr/eigen_gcc12.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include <Eigen/QR>

#include "ael/diagnostic.hpp"
#include "ael/expression.hpp"
#include "expr/reference_eval.hpp"
#include "random_programs.hpp"

namespace ael {
namespace {

template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

/// Inputs that exercise every branch: ordinary values, zeros, negatives, huge values
/// (sin/cos fall back to libm, exp clamps, products overflow), tiny values.
template <class T>
Mat<T> adversarial_inputs(int features, Eigen::Index rows, std::uint64_t seed) {
  Rng rng(seed);
  Mat<T> X(features, rows);
  for (Eigen::Index c = 0; c < rows; ++c) {
    for (int f = 0; f < features; ++f) {
      const double u = rng.uniform();
      double v = rng.uniform(-4.0, 4.0);
      if (u < 0.05)
        v = 0.0;
      else if (u < 0.08)
        v = rng.uniform(-1e30, 1e30);
      else if (u < 0.10)
        v = rng.uniform(-1e-30, 1e-30);
      else if (u < 0.12)
        v = rng.uniform(-1e6, 1e6);
      X(f, c) = static_cast<T>(v);
    }
  }
  return X;
}

template <class T>
bool same_bits(T a, T b) {
  if (a != a && b != b) return true;  // any NaN matches any NaN
  return std::memcmp(&a, &b, sizeof a) == 0;
}

template <class T>
void check_matches_reference(int trials, Eigen::Index rows) {
  constexpr int kFeatures = 3;
  const Mat<T> X = adversarial_inputs<T>(kFeatures, rows, 7);
  const ExprData<T> data(X);
  ExprEvaluator evaluator(2);
  Rng rng(11);
  std::vector<T> stack;
  std::vector<T> out(static_cast<std::size_t>(rows));
  for (int t = 0; t < trials; ++t) {
    const Expression e =
        test::random_expression(rng, 1 + static_cast<int>(rng.below(6)), kFeatures);
    evaluator.evaluate<T>(e.program(), data, out.data());
    for (Eigen::Index r = 0; r < rows; ++r) {
      const T ref = expr::evaluate_row<expr::FastPrims<T>>(e.program(), X.col(r).data(), stack);
      ASSERT_TRUE(same_bits(out[static_cast<std::size_t>(r)], ref))
          << e.str() << " row " << r << ": " << out[static_cast<std::size_t>(r)] << " vs " << ref;
    }
  }
}

TEST(EvaluatorTest, MatchesPerRowReferenceBitForBitInDouble) {
  check_matches_reference<double>(300, 1000);  // not a multiple of the batch size
}

TEST(EvaluatorTest, MatchesPerRowReferenceBitForBitInFloat) {
  check_matches_reference<float>(300, 1300);
}

TEST(EvaluatorTest, TerminalAndConstantProgramsWork) {
  Mat<double> X(2, 3);
  X << 1, 2, 3, 4, 5, 6;
  EXPECT_EQ(Expression::variable(1, {"a", "b"}).evaluate(X), Eigen::Vector3d(4, 5, 6));
  EXPECT_EQ(Expression::constant(2.5).evaluate(X), Eigen::Vector3d::Constant(2.5));
  const Eigen::MatrixXf Xf = X.cast<float>();
  EXPECT_EQ(Expression::variable(0, {"a", "b"}).evaluate(Xf), Eigen::Vector3f(1, 2, 3));
}

TEST(EvaluatorTest, EvaluateRowMatchesVectorised) {
  Rng rng(5);
  const Mat<double> X = adversarial_inputs<double>(2, 50, 3);
  for (int t = 0; t < 50; ++t) {
    const Expression e = test::random_expression(rng, 4, 2);
    const Eigen::VectorXd v = e.evaluate(X);
    for (Eigen::Index r = 0; r < X.cols(); ++r) {
      ASSERT_TRUE(same_bits(v[r], e.evaluate_row(X.col(r).data()))) << e.str();
    }
  }
}

TEST(EvaluatorTest, TooFewFeaturesIsAnError) {
  const Expression e = Expression::variable(2, {"a", "b", "c"});
  Mat<double> X(2, 4);
  X.setZero();
  EXPECT_THROW(e.evaluate(X), Error);
  const ExprData<double> data(X);
  ExprEvaluator evaluator(1);
  double mse = 0;
  const double y[4] = {0, 0, 0, 0};
  EXPECT_THROW(evaluator.mean_squared_errors<double>({e.program()}, data, y, &mse), Error);
}

TEST(EvaluatorTest, MeanSquaredErrorsMatchNaiveSumAndCountNodeRows) {
  const Eigen::Index rows = 777;
  const Mat<double> X = adversarial_inputs<double>(2, rows, 9);
  Eigen::VectorXd y(rows);
  Rng rng(3);
  for (Eigen::Index r = 0; r < rows; ++r) y[r] = rng.uniform(-1, 1);
  std::vector<Expression> exprs;
  std::vector<ExprProgram> programs;
  for (int t = 0; t < 40; ++t) exprs.push_back(test::random_expression(rng, 3, 2));
  for (const Expression& e : exprs) programs.push_back(e.program());
  const ExprData<double> data(X);
  ExprEvaluator evaluator(3);
  std::vector<double> mse(exprs.size());
  const std::uint64_t node_rows =
      evaluator.mean_squared_errors<double>(programs, data, y.data(), mse.data());
  std::uint64_t expected_node_rows = 0;
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    const Eigen::VectorXd pred = exprs[i].evaluate(X);
    const double naive = (pred - y).squaredNorm() / static_cast<double>(rows);
    if (std::isfinite(naive)) {
      EXPECT_NEAR(mse[i], naive, 1e-12 * std::max(1.0, naive)) << exprs[i].str();
      expected_node_rows += exprs[i].size() * static_cast<std::uint64_t>(rows);
    } else {
      EXPECT_EQ(mse[i], std::numeric_limits<double>::infinity()) << exprs[i].str();
    }
  }
  // Programs whose error became inf stop early, so they count fewer rows.
  EXPECT_GE(node_rows, expected_node_rows);
}

TEST(EvaluatorTest, ScaledErrorsUseLeastSquaresInterceptAndSlope) {
  Rng rng(31);
  const Mat<double> X = adversarial_inputs<double>(2, 600, 12);
  Eigen::VectorXd y(600);
  for (Eigen::Index r = 0; r < 600; ++r) y[r] = rng.uniform(-1, 1) + 0.3 * std::tanh(X(0, r));
  std::vector<Expression> exprs;
  std::vector<ExprProgram> programs;
  for (int t = 0; t < 100; ++t) exprs.push_back(test::random_expression(rng, 3, 2));
  exprs.push_back(Expression::constant(4.0, {"x0", "x1"}));  // constant: slope 0
  for (const Expression& e : exprs) programs.push_back(e.program());
  const ExprData<double> data(X);
  ExprEvaluator evaluator(2);
  std::vector<double> mse(exprs.size()), a(exprs.size()), b(exprs.size()), plain(exprs.size());
  evaluator.scaled_mean_squared_errors<double>(programs, data, y.data(), mse.data(), a.data(),
                                               b.data());
  evaluator.mean_squared_errors<double>(programs, data, y.data(), plain.data());
  int checked = 0;
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    const Eigen::VectorXd f = exprs[i].evaluate(X);
    if (!f.allFinite()) {
      EXPECT_EQ(mse[i], std::numeric_limits<double>::infinity());
      continue;
    }
    Eigen::MatrixXd A(600, 2);
    A.col(0).setOnes();
    A.col(1) = f;
    if (f.maxCoeff() - f.minCoeff() < 1e-6 * (1 + f.cwiseAbs().maxCoeff())) {
      EXPECT_NEAR(mse[i], (y.array() - y.mean()).square().mean(), 1e-12) << exprs[i].str();
      continue;
    }
    if (f.cwiseAbs().maxCoeff() > 1e6) continue;  // ill-conditioned normal equations
    const Eigen::Vector2d coef = A.colPivHouseholderQr().solve(y);
    const double ls = (A * coef - y).squaredNorm() / 600.0;
    EXPECT_NEAR(mse[i], ls, 1e-9 * std::max(1.0, ls)) << exprs[i].str();
    EXPECT_NEAR(a[i], coef[0], 1e-6 * (1 + std::fabs(coef[0]))) << exprs[i].str();
    EXPECT_NEAR(b[i], coef[1], 1e-6 * (1 + std::fabs(coef[1]))) << exprs[i].str();
    EXPECT_LE(mse[i], plain[i] * (1 + 1e-12));  // scaling never hurts
    ++checked;
  }
  EXPECT_GE(checked, 20);
  EXPECT_EQ(b.back(), 0.0);
}

TEST(EvaluatorTest, ResultsDoNotDependOnThreadCount) {
  Rng rng(21);
  const Mat<double> X = adversarial_inputs<double>(3, 5000, 4);
  Eigen::VectorXd y = Eigen::VectorXd::Random(5000);
  std::vector<Expression> exprs;
  std::vector<ExprProgram> programs;
  for (int t = 0; t < 64; ++t) exprs.push_back(test::random_expression(rng, 5, 3));
  for (const Expression& e : exprs) programs.push_back(e.program());
  const ExprData<double> data(X);
  std::vector<double> one(exprs.size()), four(exprs.size());
  ExprEvaluator e1(1), e4(4);
  e1.mean_squared_errors<double>(programs, data, y.data(), one.data());
  e4.mean_squared_errors<double>(programs, data, y.data(), four.data());
  for (std::size_t i = 0; i < one.size(); ++i) EXPECT_TRUE(same_bits(one[i], four[i]));
  std::vector<double> v1(5000), v4(5000);
  e1.evaluate<double>(exprs[0].program(), data, v1.data());
  e4.evaluate<double>(exprs[0].program(), data, v4.data());
  for (std::size_t r = 0; r < v1.size(); ++r) EXPECT_TRUE(same_bits(v1[r], v4[r]));
}

}  // namespace
}  // namespace ael

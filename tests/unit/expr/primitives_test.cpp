// Protected primitives: the documented rules, and never inf or NaN on any input.
#include "expr/eigen_gcc12.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "ael/expression.hpp"
#include "expr/primitives.hpp"
#include "expr/reference_eval.hpp"

namespace ael {
namespace {

template <class T>
std::vector<T> adversarial_values() {
  using L = std::numeric_limits<T>;
  std::vector<T> v = {
      T(0),           -T(0),     T(1),         T(-1),        T(0.5),          T(-0.5),
      T(2),           T(-2),     T(3.14159),   T(-3.14159),  T(88),           T(89),
      T(100),         T(101),    T(709),       T(710),       T(-745),         T(-746),
      T(1e-30),       T(-1e-30), L::min(),     -L::min(),    L::denorm_min(), -L::denorm_min(),
      L::max(),       -L::max(), L::max() / 2, L::epsilon(), L::infinity(),   -L::infinity(),
      L::quiet_NaN(), T(1e15),   T(-1e15),     T(1e30),      T(-1e30)};
  return v;
}

template <class T>
void check_protected_never_blow_up() {
  using P = expr::FastPrims<T>;
  using Q = expr::LibmPrims<T>;
  const std::vector<T> values = adversarial_values<T>();
  for (T a : values) {
    for (T r : {P::exp(a), P::log(a), P::sqrt(a), Q::exp(a), Q::log(a), Q::sqrt(a)}) {
      EXPECT_TRUE(std::isfinite(r)) << "unary protected op at " << a;
    }
    for (T b : values) {
      for (T r : {P::div(a, b), P::pow(a, b), Q::div(a, b), Q::pow(a, b)}) {
        EXPECT_TRUE(std::isfinite(r)) << "binary protected op at " << a << ", " << b;
      }
    }
  }
}

TEST(PrimitivesTest, ProtectedPrimitivesNeverProduceInfOrNanInDouble) {
  check_protected_never_blow_up<double>();
}

TEST(PrimitivesTest, ProtectedPrimitivesNeverProduceInfOrNanInFloat) {
  check_protected_never_blow_up<float>();
}

TEST(PrimitivesTest, ProtectedRulesFollowThePaperWhereItDefinesThem) {
  using P = expr::FastPrims<double>;
  EXPECT_EQ(P::div(3, 0), 1.0);  // safe_div(x, 0) = 1
  EXPECT_EQ(P::div(0, 0), 1.0);
  EXPECT_EQ(P::div(3, 2), 1.5);
  EXPECT_EQ(P::div(1e308, 1e-308), 1.0);  // overflow: AEL also returns 1
  EXPECT_EQ(P::log(0), 0.0);              // safe_log(x <= 0) = 0
  EXPECT_EQ(P::log(-5), 0.0);
  EXPECT_EQ(P::log(NAN), 0.0);
  EXPECT_NEAR(P::log(std::exp(1.0)), 1.0, 1e-15);
  EXPECT_EQ(P::sqrt(-4), 0.0);  // safe_sqrt(x < 0) = 0
  EXPECT_EQ(P::sqrt(NAN), 0.0);
  EXPECT_EQ(P::sqrt(9), 3.0);
  EXPECT_EQ(P::exp(1000), P::exp(100));  // safe_exp clamps at exp(100)
  EXPECT_EQ(P::exp(NAN), P::exp(100));
  EXPECT_NEAR(P::exp(100) / std::exp(100.0), 1.0, 1e-15);
  EXPECT_EQ(P::exp(-INFINITY), 0.0);
  EXPECT_EQ(P::pow(-8, 1.0 / 3.0), 1.0);  // NaN -> 1
  EXPECT_EQ(P::pow(0, -1), 1.0);          // inf -> 1
  EXPECT_EQ(P::pow(2, 10), 1024.0);
  EXPECT_EQ(expr::FastPrims<float>::exp(100.0f), expr::FastPrims<float>::exp(88.0f));
  EXPECT_TRUE(std::isfinite(expr::FastPrims<float>::exp(88.0f)));
}

TEST(PrimitivesTest, UnprotectedPrimitivesFollowIeee) {
  using P = expr::FastPrims<double>;
  EXPECT_EQ(P::max(1, 2), 2.0);
  EXPECT_EQ(P::min(1, 2), 1.0);
  EXPECT_EQ(P::cube(-2), -8.0);
  EXPECT_EQ(P::square(-3), 9.0);
  EXPECT_NEAR(P::sigmoid(0), 0.5, 0);
  EXPECT_EQ(P::sigmoid(-1000), 0.0);
  EXPECT_EQ(P::sigmoid(1000), 1.0);
  EXPECT_EQ(P::tanh(50), 1.0);
  EXPECT_EQ(P::tanh(-50), -1.0);
  EXPECT_TRUE(std::isnan(P::tanh(NAN)));
  EXPECT_NEAR(P::tanh(1e-10), 1e-10, 1e-26);
  EXPECT_TRUE(std::isinf(P::mul(1e200, 1e200)));
}

TEST(PrimitivesTest, VectorisedProtectedOpsStayFiniteOnAdversarialColumns) {
  const std::vector<double> values = adversarial_values<double>();
  const Eigen::Index n = static_cast<Eigen::Index>(values.size());
  Eigen::MatrixXd X(2, n * n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      X(0, i * n + j) = values[static_cast<std::size_t>(i)];
      X(1, i * n + j) = values[static_cast<std::size_t>(j)];
    }
  }
  for (ExprOp op : {ExprOp::Div, ExprOp::Pow}) {
    ExpressionBuilder b({"a", "b"});
    b.variable(0).variable(1).op(op);
    EXPECT_TRUE(b.build().evaluate(X).allFinite()) << expr_op_info(op).name;
    EXPECT_TRUE(b.build().evaluate(Eigen::MatrixXf(X.cast<float>())).allFinite());
  }
  for (ExprOp op : {ExprOp::Exp, ExprOp::Log, ExprOp::Sqrt}) {
    ExpressionBuilder b({"a", "b"});
    b.variable(0).op(op);
    EXPECT_TRUE(b.build().evaluate(X).allFinite()) << expr_op_info(op).name;
    EXPECT_TRUE(b.build().evaluate(Eigen::MatrixXf(X.cast<float>())).allFinite());
  }
}

}  // namespace
}  // namespace ael

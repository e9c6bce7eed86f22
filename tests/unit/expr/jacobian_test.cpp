// Constant gradients (finite differences for every primitive) and Levenberg–Marquardt.
#include "expr/eigen_gcc12.hpp"

#include <gtest/gtest.h>

#include "ael/expression.hpp"
#include "ael/random.hpp"
#include "rpn.hpp"

namespace ael {
namespace {

Eigen::MatrixXd smooth_inputs() {
  Rng rng(17);
  Eigen::MatrixXd X(2, 300);
  for (Eigen::Index c = 0; c < X.cols(); ++c) {
    X(0, c) = rng.uniform(0.5, 1.5);
    X(1, c) = rng.uniform(0.5, 1.5);
  }
  return X;
}

void check_jacobian(const Expression& e, const Eigen::MatrixXd& X) {
  const ExprData<double> data(X);
  Eigen::VectorXd values;
  Eigen::MatrixXd J;
  evaluate_with_jacobian(e, data, values, J);
  ASSERT_EQ(J.cols(), static_cast<Eigen::Index>(e.constant_count()));
  EXPECT_EQ(values, e.evaluate(X)) << e.str();
  const std::vector<double> c = e.constants();
  for (std::size_t k = 0; k < c.size(); ++k) {
    const double h = 1e-6 * std::max(1.0, std::fabs(c[k]));
    std::vector<double> up = c, down = c;
    up[k] += h;
    down[k] -= h;
    const Eigen::VectorXd fd =
        (e.with_constants(up).evaluate(X) - e.with_constants(down).evaluate(X)) / (2 * h);
    for (Eigen::Index r = 0; r < X.cols(); ++r) {
      ASSERT_NEAR(J(r, static_cast<Eigen::Index>(k)), fd[r], 1e-6 * std::max(1.0, std::fabs(fd[r])))
          << e.str() << " constant " << k << " row " << r;
    }
  }
}

TEST(JacobianTest, EveryUnaryPrimitiveMatchesFiniteDifferences) {
  const Eigen::MatrixXd X = smooth_inputs();
  for (ExprOp op : expr_primitives()) {
    if (expr_op_info(op).arity != 1) continue;
    ExpressionBuilder b({"x", "y"});
    b.constant(0.7)
        .variable(0)
        .op(ExprOp::Mul)
        .constant(0.3)
        .op(ExprOp::Add)
        .op(op)
        .constant(1.3)
        .op(ExprOp::Mul);
    check_jacobian(b.build(), X);
  }
}

TEST(JacobianTest, EveryBinaryPrimitiveMatchesFiniteDifferences) {
  const Eigen::MatrixXd X = smooth_inputs();
  for (ExprOp op : expr_primitives()) {
    if (expr_op_info(op).arity != 2) continue;
    for (double shift : {0.3, 2.9}) {  // max/min: both orderings, never tied
      ExpressionBuilder b({"x", "y"});
      b.constant(0.7).variable(0).op(ExprOp::Mul).constant(shift).op(ExprOp::Add);
      b.constant(-0.4).variable(1).op(ExprOp::Mul).constant(2.5).op(ExprOp::Add);
      b.op(op);
      check_jacobian(b.build(), X);
    }
  }
}

TEST(JacobianTest, ProtectedBranchesHaveZeroDerivative) {
  Eigen::MatrixXd X(1, 3);
  X << -1, -2, -3;
  const ExprData<double> data(X);
  Eigen::VectorXd values;
  Eigen::MatrixXd J;
  evaluate_with_jacobian(test::rpn("2 x mul log", {"x"}), data, values, J);
  EXPECT_TRUE((J.array() == 0).all());
  EXPECT_TRUE((values.array() == 0).all());
}

TEST(ConstantFitTest, LevenbergMarquardtRecoversConstants) {
  Rng rng(4);
  Eigen::MatrixXd X(1, 500);
  for (Eigen::Index c = 0; c < X.cols(); ++c) X(0, c) = rng.uniform(-2, 2);
  const Eigen::VectorXd y = (2.5 * (1.3 * X.row(0).array()).sin() + 0.7).matrix().transpose();
  const Expression start = test::rpn("2 1.2 x mul sin mul 0.5 add", {"x"});
  const ExprData<double> data(X);
  const ConstantFitResult fit = optimize_constants(start, data, y.data(), 30);
  EXPECT_GT(fit.iterations, 0);
  EXPECT_LT(fit.mse_after, 1e-20);
  EXPECT_GT(fit.mse_before, 0.01);
  const std::vector<double> c = fit.expression.constants();
  EXPECT_NEAR(c[0], 2.5, 1e-8);
  EXPECT_NEAR(c[1], 1.3, 1e-8);
  EXPECT_NEAR(c[2], 0.7, 1e-8);
}

TEST(ConstantFitTest, NeverReturnsAWorseExpression) {
  Eigen::MatrixXd X(1, 50);
  X.row(0).setLinSpaced(-1, 1);
  const Eigen::VectorXd y = X.row(0).transpose().array().abs();
  const ExprData<double> data(X);
  for (const char* script : {"1.5 x mul", "x 0.1 add sin 3 mul", "x x mul", "0.2 x max"}) {
    const ConstantFitResult fit = optimize_constants(test::rpn(script, {"x"}), data, y.data(), 5);
    EXPECT_LE(fit.mse_after, fit.mse_before) << script;
  }
}

}  // namespace
}  // namespace ael

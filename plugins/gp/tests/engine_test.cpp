// The GP engine end to end: recovery of known formulas, reproducibility (also across
// thread counts), DEAP mode, early stop, float32 fitness, constants, input errors.
#include <gtest/gtest.h>

#include <cstring>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "gp_engine.hpp"
#include "test_inputs.hpp"

namespace ael::gp {
namespace {

using test::uniform_inputs;

GpOptions small_options() {
  GpOptions o = GpOptions::ael();
  o.population = 200;
  o.generations = 40;
  return o;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_same_results(const SymregResult& a, const SymregResult& b) {
  ASSERT_EQ(a.targets.size(), b.targets.size());
  EXPECT_EQ(a.evaluations, b.evaluations);
  EXPECT_EQ(a.node_rows, b.node_rows);
  for (std::size_t t = 0; t < a.targets.size(); ++t) {
    const SymregTargetResult& x = a.targets[t];
    const SymregTargetResult& y = b.targets[t];
    EXPECT_EQ(x.best, y.best);
    EXPECT_TRUE(same_bits(x.error, y.error));
    ASSERT_EQ(x.history.size(), y.history.size());
    for (std::size_t g = 0; g < x.history.size(); ++g) {
      EXPECT_TRUE(same_bits(x.history[g].best_error, y.history[g].best_error)) << g;
      EXPECT_TRUE(same_bits(x.history[g].mean_error, y.history[g].mean_error)) << g;
      EXPECT_EQ(x.history[g].mean_size, y.history[g].mean_size) << g;
    }
    ASSERT_EQ(x.pareto_front.size(), y.pareto_front.size());
    for (std::size_t k = 0; k < x.pareto_front.size(); ++k) {
      EXPECT_EQ(x.pareto_front[k].expression, y.pareto_front[k].expression);
    }
  }
}

TEST(GpEngineTest, RecoversAKnownFormula) {
  // y = x0 * x1 + sin(x0), from the variables alone.
  const Eigen::MatrixXd X = uniform_inputs(2, 400, 1);
  const Eigen::MatrixXd Y = (X.row(0).array() * X.row(1).array() + X.row(0).array().sin()).matrix();
  GpOptions o = small_options();
  o.constants = false;
  o.primitives = {
      {ExprOp::Add, 1}, {ExprOp::Sub, 1}, {ExprOp::Mul, 1}, {ExprOp::Sin, 1}, {ExprOp::Cos, 1}};
  o.target_error = 1e-12;
  o.generations = 60;
  const SymregResult r = GpEngine(o).fit(X, Y, {"x0", "x1"}, 7);
  ASSERT_EQ(r.targets.size(), 1u);
  const SymregTargetResult& t = r.targets[0];
  EXPECT_LT(t.error, 1e-6) << t.best.str();
  EXPECT_EQ(t.stop_reason, "target_error") << t.best.str();
  const Eigen::VectorXd pred = t.best.evaluate(X);
  EXPECT_NEAR((pred - Y.row(0).transpose()).squaredNorm() / 400.0, t.error, 1e-15);
  EXPECT_LT(t.generations, 60);
}

TEST(GpEngineTest, TunesConstantsWithLevenbergMarquardt) {
  const Eigen::MatrixXd X = uniform_inputs(1, 300, 2);
  const Eigen::MatrixXd Y = (2.5 * X.row(0).array() + 0.3).matrix();
  GpOptions o = small_options();
  o.primitives = {{ExprOp::Add, 1}, {ExprOp::Mul, 1}, {ExprOp::Sin, 1}};
  o.target_error = 1e-20;
  const SymregResult r = GpEngine(o).fit(X, Y, {"x"}, 3);
  EXPECT_LT(r.targets[0].error, 1e-20) << r.targets[0].best.str();
  EXPECT_GT(r.targets[0].best.constant_count(), 0u);
}

TEST(GpEngineTest, LinearScalingFindsScaleAndOffsetWithoutConstants) {
  const Eigen::MatrixXd X = uniform_inputs(1, 300, 12);
  const Eigen::MatrixXd Y = (5 * X.row(0).array().sin() + 2).matrix();
  GpOptions o = small_options();
  o.constants = false;
  o.linear_scaling = true;
  o.primitives = {{ExprOp::Add, 1}, {ExprOp::Mul, 1}, {ExprOp::Sin, 1}};
  o.target_error = 1e-20;
  const SymregResult r = GpEngine(o).fit(X, Y, {"x"}, 4);
  const SymregTargetResult& t = r.targets[0];
  EXPECT_LT(t.error, 1e-20) << t.best.str();
  EXPECT_EQ(t.stop_reason, "target_error");
  EXPECT_EQ(t.best.constant_count(), 2u) << t.best.str();  // the slope and the intercept
  const Eigen::VectorXd pred = t.best.evaluate(X);
  EXPECT_NEAR((pred - Y.row(0).transpose()).squaredNorm() / 300.0, t.error, 1e-25);
}

TEST(GpEngineTest, SameSeedSameResult) {
  const Eigen::MatrixXd X = uniform_inputs(2, 300, 3);
  Eigen::MatrixXd Y(2, 300);
  Y.row(0) = (X.row(0).array().exp() - X.row(1).array()).matrix();
  Y.row(1) = (X.row(0).array() * X.row(0).array().cos()).matrix();
  GpOptions o = small_options();
  o.generations = 15;
  const SymregResult a = GpEngine(o).fit(X, Y, {"a", "b"}, 11);
  const SymregResult b = GpEngine(o).fit(X, Y, {"a", "b"}, 11);
  expect_same_results(a, b);
  const SymregResult c = GpEngine(o).fit(X, Y, {"a", "b"}, 12);
  EXPECT_NE(a.targets[0].history.back().mean_size, c.targets[0].history.back().mean_size);
}

TEST(GpEngineTest, OneThreadAndFourThreadsAreBitIdentical) {
  const Eigen::MatrixXd X = uniform_inputs(2, 3000, 4);
  const Eigen::MatrixXd Y = (X.row(0).array().sin() * X.row(1).array() + 0.5).matrix();
  for (const std::string mode : {"ael", "deap"}) {
    GpOptions o = mode == "deap" ? GpOptions::deap() : GpOptions::ael();
    o.population = 120;
    o.generations = 12;
    o.threads = 1;
    const SymregResult one = GpEngine(o).fit(X, Y, {"x", "y"}, 5);
    o.threads = 4;
    const SymregResult four = GpEngine(o).fit(X, Y, {"x", "y"}, 5);
    expect_same_results(one, four);
  }
}

TEST(GpEngineTest, DeapModeFollowsEaSimple) {
  const Eigen::MatrixXd X = uniform_inputs(2, 200, 5, 0, 1);
  const Eigen::MatrixXd Y = (X.row(0).array() + X.row(1).array().sqrt()).matrix();
  GpOptions o = GpOptions::deap();
  o.population = 100;
  o.generations = 10;
  const SymregResult r = GpEngine(o).fit(X, Y, {"HouseAge", "AveRooms"}, 6);
  const SymregTargetResult& t = r.targets[0];
  ASSERT_EQ(t.history.size(), 11u);
  EXPECT_EQ(t.history[0].evaluations, 100u);
  for (std::size_t g = 1; g < t.history.size(); ++g) {
    // varAnd re-evaluates ~ N (1 - (1 - cxpb)(1 - mutpb)) = 60 of 100 per generation.
    EXPECT_GT(t.history[g].evaluations, 35u);
    EXPECT_LT(t.history[g].evaluations, 85u);
    EXPECT_LE(t.history[g].max_depth, 17);
    EXPECT_LE(t.history[g].best_ever_error, t.history[g - 1].best_ever_error);
  }
  EXPECT_EQ(t.best.constant_count(), 0u);  // the paper uses no constants
  EXPECT_TRUE(std::isfinite(t.error));
  EXPECT_EQ(t.error, t.history.back().best_ever_error);
  EXPECT_EQ(t.stop_reason, "generations");
}

TEST(GpEngineTest, ParetoFrontIsConsistentWithTheBest) {
  const Eigen::MatrixXd X = uniform_inputs(2, 300, 6);
  const Eigen::MatrixXd Y = (X.row(0).array().square() + X.row(1).array().cos()).matrix();
  const SymregResult r = GpEngine(small_options()).fit(X, Y, {"x", "y"}, 8);
  const auto& front = r.targets[0].pareto_front;
  ASSERT_FALSE(front.empty());
  for (std::size_t k = 1; k < front.size(); ++k) {
    EXPECT_GT(front[k].complexity, front[k - 1].complexity);
    EXPECT_LT(front[k].error, front[k - 1].error);
  }
  EXPECT_EQ(front.back().error, r.targets[0].error);
  for (const SymregParetoPoint& p : front) {
    EXPECT_EQ(p.complexity, p.expression.size());
    const Eigen::VectorXd pred = p.expression.evaluate(X);
    EXPECT_NEAR((pred - Y.row(0).transpose()).squaredNorm() / 300.0, p.error,
                1e-12 * std::max(1.0, p.error));
  }
}

TEST(GpEngineTest, Float32FitnessReportsFloat64Errors) {
  const Eigen::MatrixXd X = uniform_inputs(2, 500, 7);
  const Eigen::MatrixXd Y = (X.row(0).array() * X.row(1).array()).matrix();
  GpOptions o = small_options();
  o.precision = "float32";
  o.generations = 10;
  const SymregResult r = GpEngine(o).fit(X, Y, {"x", "y"}, 9);
  const SymregTargetResult& t = r.targets[0];
  const Eigen::VectorXd pred = t.best.evaluate(X);
  EXPECT_NEAR((pred - Y.row(0).transpose()).squaredNorm() / 500.0, t.error,
              1e-12 * std::max(1.0, t.error));
}

TEST(GpEngineTest, ProgressCallbackCanStopARun) {
  const Eigen::MatrixXd X = uniform_inputs(1, 100, 8);
  const Eigen::MatrixXd Y = X.array().cos().matrix();
  int calls = 0;
  const SymregResult r =
      GpEngine(small_options()).fit(X, Y, {"x"}, 1, [&](const SymregGeneration& g) {
        ++calls;
        EXPECT_EQ(g.generation, calls - 1);
        return g.generation == 3;
      });
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(r.targets[0].stop_reason, "callback");
  EXPECT_EQ(r.targets[0].generations, 3);
}

TEST(GpEngineTest, BadInputsAreClearErrors) {
  const Eigen::MatrixXd X = uniform_inputs(2, 10, 9);
  Eigen::MatrixXd Y = Eigen::MatrixXd::Zero(1, 10);
  GpEngine engine(small_options());
  EXPECT_THROW(engine.fit(X, Eigen::MatrixXd::Zero(1, 9), {"a", "b"}, 1), Error);
  EXPECT_THROW(engine.fit(X, Y, {"a"}, 1), Error);
  Y(0, 4) = NAN;
  try {
    engine.fit(X, Y, {"a", "b"}, 1);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "symbolic regression: Y row 4, target 0 is not finite");
  }
}

TEST(GpEngineTest, RegressorTakesValidatedPluginOptions) {
  const Eigen::MatrixXd X = uniform_inputs(1, 100, 10);
  const Eigen::MatrixXd Y = (3 * X.array()).sin().matrix();  // not exactly reachable
  const Options options = gp_option_schema()
                              .validate({{"population", std::int64_t(50)},
                                         {"generations", std::int64_t(5)},
                                         {"primitives", std::string("add,mul")}},
                                        "gp")
                              .value();
  GpRegressor regressor(options);
  SymbolicRegressor& family = regressor;
  const SymregResult r = family.fit(X, Y, {"x"}, 2, {});
  EXPECT_EQ(r.targets[0].history.size(), 6u);
  EXPECT_EQ(regressor.options().primitives.size(), 2u);
  // Only add and mul: the best expression uses nothing else.
  for (const ExprNode& n : r.targets[0].best.nodes()) {
    EXPECT_TRUE(n.is_terminal() || n.op == ExprOp::Add || n.op == ExprOp::Mul);
  }
}

}  // namespace
}  // namespace ael::gp

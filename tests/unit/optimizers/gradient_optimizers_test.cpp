// Gradient optimizers (sgd built-in; adam, adagrad, rmsprop plugins): they minimise the
// benchmark functions, are bit-for-bit reproducible, resume from saved state, and each
// update rule matches its definition on hand-computed steps.
#include <gtest/gtest.h>

#include <cmath>

#include "ael/diagnostic.hpp"
#include "optimizer_fixture.hpp"

namespace {

using namespace ael;
using namespace ael::test;
using population::BenchmarkFunction;

struct Case {
  std::string optimizer;
  Args args;
  BenchmarkFunction function;
  Eigen::Index dimension;
  int steps;
  double target;
};

std::string case_name(const testing::TestParamInfo<Case>& info) {
  const char* f = info.param.function == BenchmarkFunction::Sphere       ? "Sphere"
                  : info.param.function == BenchmarkFunction::Rosenbrock ? "Rosenbrock"
                                                                         : "Rastrigin";
  return info.param.optimizer + "_" + f;
}

// The usual start points: sphere from a random point in [-5, 5]^n, Rosenbrock from
// (-1.2, 1, -1.2, ...), Rastrigin from 0.3 in every coordinate (inside the global basin:
// a local method cannot be asked to escape Rastrigin's local minima).
Eigen::VectorXd start(BenchmarkFunction f, Eigen::Index n) {
  Eigen::VectorXd x(n);
  if (f == BenchmarkFunction::Sphere) return uniform_population(n, 1, -5, 5, 3).col(0);
  for (Eigen::Index i = 0; i < n; ++i) {
    x[i] = f == BenchmarkFunction::Rosenbrock ? (i % 2 ? 1.0 : -1.2) : 0.3;
  }
  return x;
}

// Runs `steps` steps; returns the final loss.
double minimise(GradientOptimizer& optimizer, BenchmarkFunction f, Eigen::VectorXd& x, int steps) {
  const auto objective = population::make_benchmark(f, x.size());
  Eigen::VectorXd grad(x.size());
  optimizer.reset(x.size());
  for (int s = 0; s < steps; ++s) {
    objective->value_and_grad(x, 0, grad);
    optimizer.step(x, grad);
  }
  return objective->value(x, 0);
}

class GradientTargets : public testing::TestWithParam<Case> {};

TEST_P(GradientTargets, ReachesTheTarget) {
  const Case& c = GetParam();
  const auto optimizer = gradient(c.optimizer, c.args);
  Eigen::VectorXd x = start(c.function, c.dimension);
  const double initial = population::benchmark_value(c.function, x);
  const double final_loss = minimise(*optimizer, c.function, x, c.steps);
  EXPECT_LT(final_loss, c.target) << "from " << initial;
  EXPECT_GT(initial, 100 * c.target);  // the target is a real improvement
}

TEST_P(GradientTargets, SeededRunsAreBitIdentical) {
  const Case& c = GetParam();
  Eigen::VectorXd a = start(c.function, c.dimension), b = a;
  minimise(*gradient(c.optimizer, c.args), c.function, a, 200);
  minimise(*gradient(c.optimizer, c.args), c.function, b, 200);
  EXPECT_EQ(a, b);
}

INSTANTIATE_TEST_SUITE_P(
    All, GradientTargets,
    testing::Values(Case{"sgd", {{"lr", 0.1}}, BenchmarkFunction::Sphere, 10, 200, 1e-12},
                    Case{"sgd",
                         {{"lr", 1e-3}, {"momentum", 0.9}},
                         BenchmarkFunction::Rosenbrock,
                         2,
                         20000,
                         1e-10},
                    Case{"sgd", {{"lr", 2e-3}}, BenchmarkFunction::Rastrigin, 5, 1000, 1e-10},
                    Case{"adam", {{"lr", 0.1}}, BenchmarkFunction::Sphere, 10, 1000, 1e-12},
                    Case{"adam", {{"lr", 0.02}}, BenchmarkFunction::Rosenbrock, 2, 5000, 1e-10},
                    Case{"adam", {{"lr", 0.01}}, BenchmarkFunction::Rastrigin, 5, 1000, 1e-10},
                    Case{"adagrad", {{"lr", 1.0}}, BenchmarkFunction::Sphere, 10, 1000, 1e-12},
                    Case{"adagrad", {{"lr", 0.5}}, BenchmarkFunction::Rosenbrock, 2, 20000, 1e-10},
                    Case{"adagrad", {{"lr", 0.1}}, BenchmarkFunction::Rastrigin, 5, 1000, 1e-10},
                    // RMSprop's steps stay about lr long until the squared average decays: a
                    // smaller target on the curved Rosenbrock valley.
                    Case{"rmsprop", {{"lr", 0.01}}, BenchmarkFunction::Sphere, 10, 1000, 1e-4},
                    Case{"rmsprop", {{"lr", 1e-3}}, BenchmarkFunction::Rosenbrock, 2, 20000, 1e-3},
                    Case{"rmsprop", {{"lr", 1e-3}}, BenchmarkFunction::Rastrigin, 5, 1000, 1e-10}),
    case_name);

// ---- state, precision, errors -------------------------------------------------------------

class GradientCommon : public testing::TestWithParam<std::string> {};

TEST_P(GradientCommon, SavedStateResumesBitIdentically) {
  // Options that exercise every state buffer.
  Args args;
  if (GetParam() == "sgd") args = {{"lr", 1e-4}, {"momentum", 0.9}};
  if (GetParam() == "adam") args = {{"lr", 0.01}, {"amsgrad", true}};
  if (GetParam() == "rmsprop") args = {{"lr", 0.001}, {"momentum", 0.5}, {"centered", true}};
  const auto objective = population::make_benchmark(BenchmarkFunction::Rosenbrock, 4);
  Eigen::VectorXd x = start(BenchmarkFunction::Rosenbrock, 4), g(4);
  auto run = [&](GradientOptimizer& opt, Eigen::VectorXd& p, int steps) {
    for (int s = 0; s < steps; ++s) {
      objective->value_and_grad(p, 0, g);
      opt.step(p, g);
    }
  };
  const auto first = gradient(GetParam(), args);
  first->reset(4);
  run(*first, x, 30);
  const OptimizerState saved = first->save_state();
  Eigen::VectorXd y = x;
  run(*first, x, 30);
  const auto second = gradient(GetParam(), args);
  second->load_state(saved);
  EXPECT_EQ(second->steps(), 30);
  run(*second, y, 30);
  EXPECT_TRUE(all_finite(x));  // a real run, not a divergence
  EXPECT_EQ(x, y);
  EXPECT_THROW(gradient(GetParam() == "adam" ? "adagrad" : "adam", {})->load_state(saved), Error);
}

TEST_P(GradientCommon, FloatAndDoubleStepsAgree) {
  const auto d = gradient(GetParam(), {});
  const auto f = gradient(GetParam(), {});
  Eigen::VectorXd pd(3), gd(3);
  pd << 0.5, -1.5, 2.0;
  gd << 0.25, -0.75, 1.0;  // exactly representable in float
  Eigen::VectorXf pf = pd.cast<float>(), gf = gd.cast<float>();
  d->reset(3);
  f->reset(3);
  for (int s = 0; s < 5; ++s) {
    d->step(pd, gd);
    f->step(pf, gf);
  }
  // The float run computes in double and rounds the parameters to float after each step.
  EXPECT_LT(max_abs(pf.cast<double>() - pd), 1e-6);
}

TEST_P(GradientCommon, RejectsWrongSizesAndUnschedulableOptions) {
  const auto opt = gradient(GetParam(), {});
  Eigen::VectorXd p = Eigen::VectorXd::Zero(3), g = Eigen::VectorXd::Zero(3),
                  g4 = Eigen::VectorXd::Zero(4);
  EXPECT_THROW(opt->step(p, g), Error);  // before reset
  opt->reset(3);
  EXPECT_THROW(opt->step(p, g4), Error);
  EXPECT_THROW(opt->set_option("eps", 0.1), Error);
  EXPECT_THROW(opt->set_option("lr", -1), Error);
  opt->set_option("weight_decay", 0.5);
}

TEST_P(GradientCommon, ScheduledLearningRateScalesTheFirstStep) {
  // Every rule's first step is proportional to lr (from zero state).
  auto first_step = [&](double lr) {
    const auto opt = gradient(GetParam(), {{"lr", 1.0}});
    opt->set_option("lr", lr);
    Eigen::VectorXd p = Eigen::VectorXd::Zero(2), g(2);
    g << 0.3, -2.0;
    opt->reset(2);
    opt->step(p, g);
    return p;
  };
  const Eigen::VectorXd a = first_step(0.1), b = first_step(0.2);
  EXPECT_NEAR(b[0], 2 * a[0], 1e-15);
  EXPECT_NEAR(b[1], 2 * a[1], 1e-15);
  EXPECT_LT(a[0], 0);
}

INSTANTIATE_TEST_SUITE_P(All, GradientCommon, testing::Values("sgd", "adam", "adagrad", "rmsprop"));

// ---- update rules on hand-computed steps ------------------------------------------------------

Eigen::VectorXd vec(std::initializer_list<double> values) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double x : values) v[i++] = x;
  return v;
}

// Applies the gradients in turn, starting from p; returns p after each step.
std::vector<Eigen::VectorXd> steps(GradientOptimizer& opt, Eigen::VectorXd p,
                                   const std::vector<Eigen::VectorXd>& grads) {
  opt.reset(p.size());
  std::vector<Eigen::VectorXd> out;
  for (const auto& g : grads) {
    opt.step(p, g);
    out.push_back(p);
  }
  return out;
}

TEST(SgdRule, MomentumAndNesterov) {
  const Eigen::VectorXd g = vec({1.0});
  auto plain = steps(*gradient("sgd", {{"lr", 0.1}, {"momentum", 0.9}}), vec({0.0}), {g, g, g});
  // buffers 1, 1.9, 2.71 -> p = -0.1, -0.29, -0.561
  EXPECT_NEAR(plain[2][0], -0.1 * (1 + 1.9 + 2.71), 1e-15);
  auto nesterov = steps(*gradient("sgd", {{"lr", 0.1}, {"momentum", 0.9}, {"nesterov", true}}),
                        vec({0.0}), {g, g});
  // d1 = 1 + 0.9 * 1 = 1.9; d2 = 1 + 0.9 * 1.9 = 2.71
  EXPECT_NEAR(nesterov[1][0], -0.1 * (1.9 + 2.71), 1e-15);
  auto damped = steps(*gradient("sgd", {{"lr", 0.1}, {"momentum", 0.5}, {"dampening", 0.5}}),
                      vec({0.0}), {g, g});
  EXPECT_NEAR(damped[1][0], -0.1 * (1 + (0.5 + 0.5)), 1e-15);
}

TEST(SgdRule, ClippingAndWeightDecay) {
  auto by_norm =
      steps(*gradient("sgd", {{"lr", 1.0}, {"clip_norm", 1.0}}), vec({0, 0}), {vec({3, 4})});
  EXPECT_NEAR(by_norm[0][0], -0.6, 1e-15);
  EXPECT_NEAR(by_norm[0][1], -0.8, 1e-15);
  auto small =
      steps(*gradient("sgd", {{"lr", 1.0}, {"clip_norm", 10.0}}), vec({0, 0}), {vec({3, 4})});
  EXPECT_EQ(small[0], vec({-3, -4}));  // under the limit: untouched
  auto by_value =
      steps(*gradient("sgd", {{"lr", 1.0}, {"clip_value", 0.5}}), vec({0, 0}), {vec({3, -0.25})});
  EXPECT_EQ(by_value[0], vec({-0.5, 0.25}));
  auto decay =
      steps(*gradient("sgd", {{"lr", 0.1}, {"weight_decay", 0.5}}), vec({2.0}), {vec({0.0})});
  EXPECT_NEAR(decay[0][0], 2.0 - 0.1 * 0.5 * 2.0, 1e-15);
}

TEST(AdamRule, FirstStepIsLrTimesTheSignOfTheGradient) {
  auto p = steps(*gradient("adam", {{"lr", 0.01}}), vec({1.0, 1.0}), {vec({4.0, -0.001})});
  // m_hat = g, v_hat = g^2: the step is lr * g / (|g| + eps).
  EXPECT_NEAR(p[0][0], 1.0 - 0.01 * 4.0 / (4.0 + 1e-8), 1e-15);
  EXPECT_NEAR(p[0][1], 1.0 + 0.01 * 0.001 / (0.001 + 1e-8), 1e-15);
}

TEST(AdamRule, SecondStepMatchesTheBiasCorrectedFormula) {
  const double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  auto p = steps(*gradient("adam", {{"lr", lr}}), vec({0.0}), {vec({1.0}), vec({3.0})});
  const double m = b1 * (1 - b1) * 1.0 + (1 - b1) * 3.0;
  const double v = b2 * (1 - b2) * 1.0 + (1 - b2) * 9.0;
  const double step2 = lr / (1 - b1 * b1) * m / (std::sqrt(v) / std::sqrt(1 - b2 * b2) + eps);
  EXPECT_NEAR(p[1][0], p[0][0] - step2, 1e-14);
}

TEST(AdamRule, AmsgradKeepsTheLargestSecondMoment) {
  // A large gradient, then small ones: plain Adam's v shrinks, AMSGrad's maximum does not,
  // so AMSGrad takes smaller steps afterwards.
  const std::vector<Eigen::VectorXd> grads{vec({10.0}), vec({0.1}), vec({0.1}), vec({0.1})};
  const Args base{{"lr", 0.1}, {"beta2", 0.5}};
  Args ams = base;
  ams.push_back({"amsgrad", true});
  auto adam = steps(*gradient("adam", base), vec({0.0}), grads);
  auto amsgrad = steps(*gradient("adam", ams), vec({0.0}), grads);
  EXPECT_EQ(adam[0], amsgrad[0]);  // identical while v only grows
  const double adam_move = std::fabs(adam[3][0] - adam[2][0]);
  const double ams_move = std::fabs(amsgrad[3][0] - amsgrad[2][0]);
  EXPECT_LT(ams_move, adam_move / 2);
}

TEST(AdamRule, DecoupledWeightDecayShrinksWeightsDirectly) {
  // Zero gradient: AdamW multiplies p by (1 - lr * wd) and nothing else; coupled L2 decay
  // instead feeds wd * p through Adam's normalisation (a step of about lr).
  auto adamw = steps(*gradient("adam", {{"lr", 0.1}, {"weight_decay", 0.5}, {"decoupled", true}}),
                     vec({2.0}), {vec({0.0}), vec({0.0})});
  EXPECT_EQ(adamw[0][0], 2.0 * (1 - 0.1 * 0.5));
  EXPECT_EQ(adamw[1][0], 2.0 * (1 - 0.1 * 0.5) * (1 - 0.1 * 0.5));
  auto coupled =
      steps(*gradient("adam", {{"lr", 0.1}, {"weight_decay", 0.5}}), vec({2.0}), {vec({0.0})});
  EXPECT_NEAR(coupled[0][0], 2.0 - 0.1, 1e-8);
}

TEST(AdagradRule, AccumulatesSquaredGradientsAndDecaysTheRate) {
  const double lr = 0.5, decay = 0.25, eps = 1e-10;
  auto p =
      steps(*gradient("adagrad", {{"lr", lr}, {"lr_decay", decay}, {"initial_accumulator", 1.0}}),
            vec({0.0}), {vec({2.0}), vec({1.0})});
  const double p1 = -lr * 2.0 / (std::sqrt(1.0 + 4.0) + eps);
  const double p2 = p1 - lr / (1 + decay) * 1.0 / (std::sqrt(1.0 + 4.0 + 1.0) + eps);
  EXPECT_NEAR(p[0][0], p1, 1e-15);
  EXPECT_NEAR(p[1][0], p2, 1e-15);
}

TEST(RmspropRule, PlainCenteredAndMomentum) {
  const double lr = 0.01, a = 0.9, eps = 1e-8;
  auto plain = steps(*gradient("rmsprop", {{"lr", lr}, {"alpha", a}}), vec({0.0}), {vec({2.0})});
  EXPECT_NEAR(plain[0][0], -lr * 2.0 / (std::sqrt((1 - a) * 4.0) + eps), 1e-15);
  auto centered = steps(*gradient("rmsprop", {{"lr", lr}, {"alpha", a}, {"centered", true}}),
                        vec({0.0}), {vec({2.0})});
  const double var = (1 - a) * 4.0 - ((1 - a) * 2.0) * ((1 - a) * 2.0);
  EXPECT_NEAR(centered[0][0], -lr * 2.0 / (std::sqrt(var) + eps), 1e-15);
  auto momentum = steps(*gradient("rmsprop", {{"lr", lr}, {"alpha", a}, {"momentum", 0.5}}),
                        vec({0.0}), {vec({2.0}), vec({2.0})});
  const double d1 = 2.0 / (std::sqrt((1 - a) * 4.0) + eps);
  const double d2 = 2.0 / (std::sqrt(a * (1 - a) * 4.0 + (1 - a) * 4.0) + eps);
  EXPECT_NEAR(momentum[1][0], -lr * d1 - lr * (0.5 * d1 + d2), 1e-14);
}

}  // namespace

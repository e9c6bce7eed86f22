// The mmd plugin: values against plain-loop references (and one set worked by hand),
// finite-difference gradients, the median heuristic's constant-bandwidth backward, prior
// sampling from the node's stream, and shape errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "loss_test_util.hpp"

namespace ael::loss_test {
namespace {

// ---------------------------------------------------------------------------------------
// Reference: the estimator written with plain loops over pairs, from the definitions.

struct Setting {
  std::string kernel = "gaussian";
  std::string bandwidth = "fixed";
  std::vector<double> scales{1.0};
  std::string estimator = "unbiased";

  Attrs attrs() const {
    return {
        {"kernel", kernel}, {"bandwidth", bandwidth}, {"scales", scales}, {"estimator", estimator}};
  }
  std::string label() const {
    std::string s = kernel + "_" + bandwidth + "_" + estimator + "_scales";
    for (double v : scales) s += "_" + std::to_string(static_cast<int>(v * 10));
    return s;
  }
};

double sq_dist(const Eigen::MatrixXd& a, Index i, const Eigen::MatrixXd& b, Index j) {
  double s = 0;
  for (Index r = 0; r < a.rows(); ++r) s += (a(r, i) - b(r, j)) * (a(r, i) - b(r, j));
  return s;
}

// Lower median of the squared distances of all unordered pairs of the pooled columns.
double reference_median(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y) {
  Eigen::MatrixXd pooled(x.rows(), x.cols() + y.cols());
  pooled << x, y;
  std::vector<double> d;
  for (Index j = 0; j < pooled.cols(); ++j) {
    for (Index i = 0; i < j; ++i) d.push_back(sq_dist(pooled, i, pooled, j));
  }
  std::sort(d.begin(), d.end());
  return d[(d.size() - 1) / 2];
}

double reference_mmd(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const Setting& s) {
  const double base = s.bandwidth == "median" ? reference_median(x, y) : 1.0;
  auto k = [&](double d2) {
    double v = 0;
    for (double scale : s.scales) {
      const double r = base * scale;
      v += s.kernel == "gaussian" ? std::exp(-d2 / r) : r / (r + d2);
    }
    return v;
  };
  const bool unbiased = s.estimator == "unbiased";
  auto within = [&](const Eigen::MatrixXd& a) {
    double sum = 0;
    for (Index i = 0; i < a.cols(); ++i) {
      for (Index j = 0; j < a.cols(); ++j) {
        if (i != j || !unbiased) sum += k(sq_dist(a, i, a, j));
      }
    }
    const double n = static_cast<double>(a.cols());
    return sum / (unbiased ? n * (n - 1) : n * n);
  };
  double cross = 0;
  for (Index i = 0; i < x.cols(); ++i) {
    for (Index j = 0; j < y.cols(); ++j) cross += k(sq_dist(x, i, y, j));
  }
  return within(x) + within(y) -
         2 * cross / static_cast<double>(x.cols()) / static_cast<double>(y.cols());
}

// ---------------------------------------------------------------------------------------

TEST(Mmd, TinySetsWorkedByHand) {
  // x = {0, 1}, y = {0, 2} in one dimension, k = exp(-d^2), unbiased:
  //   xx: k(0,1) = e^-1; yy: k(0,2) = e^-4; xy: (1 + e^-4 + e^-1 + e^-1) * 2 / 4
  const double expected =
      std::exp(-1.0) + std::exp(-4.0) - (1 + std::exp(-4.0) + 2 * std::exp(-1.0)) / 2;
  LoadedLoss mmd("mmd");
  TestGraph t(mmd.ops());
  const NodeId x = t.input("x", Shape::batch(1), (Eigen::MatrixXd(1, 2) << 0, 1).finished());
  const NodeId y = t.input("y", Shape::fixed(1, 2), (Eigen::MatrixXd(1, 2) << 0, 2).finished());
  const NodeId fixed = t.add("mmd", {x, y}, Setting{}.attrs());
  Setting median;
  median.bandwidth = "median";  // pooled pairs 0,1,1,1,4,4: the lower median is 1
  const NodeId by_median = t.add("mmd", {x, y}, median.attrs());
  auto g = t.compile<double>(2);
  g->forward({fixed, by_median});
  EXPECT_NEAR(g->value(fixed)(0, 0), expected, 1e-15);
  EXPECT_NEAR(g->value(by_median)(0, 0), expected, 1e-15);
}

class MmdSettings : public ::testing::TestWithParam<Setting> {};

std::vector<Setting> all_settings() {
  std::vector<Setting> out;
  for (const char* kernel : {"gaussian", "imq"}) {
    for (const char* bandwidth : {"fixed", "median"}) {
      for (const char* estimator : {"unbiased", "biased"}) {
        for (const auto& scales : {std::vector<double>{1.3}, std::vector<double>{0.5, 2, 8}}) {
          out.push_back({kernel, bandwidth, scales, estimator});
        }
      }
    }
  }
  return out;
}

TEST_P(MmdSettings, MatchesPlainLoopsInDoubleAndFloat) {
  const Setting s = GetParam();
  Rng rng(11);
  // Enough samples that distance runs span several evaluation chunks and the median is
  // found by more than one radix pass.
  for (const auto& [n, m] : {std::pair<Index, Index>{5, 7}, {300, 420}}) {
    const Eigen::MatrixXd xv = normal_matrix(3, n, rng);
    const Eigen::MatrixXd yv = normal_matrix(3, m, rng).array() * 1.5 + 0.3;
    LoadedLoss mmd("mmd");
    TestGraph t(mmd.ops());
    const NodeId x = t.input("x", Shape::batch(3), xv);
    const NodeId y = t.input("y", Shape::fixed(3, m), yv);
    const NodeId loss = t.add("mmd", {x, y}, s.attrs());
    const double expected = reference_mmd(xv, yv, s);
    EXPECT_NEAR(t.run<double>(loss, n).value, expected, 1e-12) << "n = " << n;
    EXPECT_NEAR(t.run<float>(loss, n).value, expected, 2e-5) << "n = " << n;
  }
}

INSTANTIATE_TEST_SUITE_P(All, MmdSettings, ::testing::ValuesIn(all_settings()),
                         [](const auto& info) { return info.param.label(); });

// The median's own dependence on x is not differentiated (MedianBandwidthIsConstant...),
// so finite differences are taken at fixed bandwidths.
class MmdFixedSettings : public ::testing::TestWithParam<Setting> {};

std::vector<Setting> fixed_settings() {
  std::vector<Setting> out;
  for (const Setting& s : all_settings()) {
    if (s.bandwidth == "fixed") out.push_back(s);
  }
  return out;
}

TEST_P(MmdFixedSettings, GradientsMatchFiniteDifferences) {
  const Setting s = GetParam();
  Rng rng(5);
  LoadedLoss mmd("mmd");
  TestGraph t(mmd.ops());
  // Both sides are endpoints that receive gradients (y batched like x).
  const NodeId x = t.input("x", Shape::batch(2), normal_matrix(2, 4, rng));
  const NodeId y = t.input("y", Shape::batch(2), normal_matrix(2, 4, rng).array() + 0.5);
  const NodeId loss = t.add("mmd", {x, y}, s.attrs());
  const graph::GradcheckReport r = t.gradcheck(loss, 4);
  EXPECT_TRUE(r.passed(1e-6)) << r.summary();
  EXPECT_EQ(r.checked, 16);
}

INSTANTIATE_TEST_SUITE_P(All, MmdFixedSettings, ::testing::ValuesIn(fixed_settings()),
                         [](const auto& info) { return info.param.label(); });

TEST(Mmd, GradientFlowsIntoFixedTargetParameters) {
  Rng rng(8);
  LoadedLoss mmd("mmd");
  TestGraph t(mmd.ops());
  const NodeId x = t.input("x", Shape::batch(3), normal_matrix(3, 5, rng));
  const NodeId y = t.param("targets", normal_matrix(3, 6, rng));
  Setting s;
  s.scales = {2.0};
  s.kernel = "imq";
  const graph::GradcheckReport r = t.gradcheck(t.add("mmd", {x, y}, s.attrs()), 5);
  EXPECT_TRUE(r.passed(1e-6)) << r.summary();
  EXPECT_EQ(r.checked, 3 * 5 + 3 * 6);
}

TEST(Mmd, MedianBandwidthIsConstantInBackward) {
  // The gradient with the median heuristic is the fixed-bandwidth gradient at r = median.
  Rng rng(21);
  const Eigen::MatrixXd xv = normal_matrix(4, 9, rng), yv = normal_matrix(4, 6, rng);
  const double median = reference_median(xv, yv);
  for (const char* kernel : {"gaussian", "imq"}) {
    Setting by_median, fixed;
    by_median.kernel = fixed.kernel = kernel;
    by_median.bandwidth = "median";
    by_median.scales = {0.5, 3};
    fixed.scales = {0.5 * median, 3 * median};
    LoadedLoss mmd("mmd");
    TestGraph t(mmd.ops());
    const NodeId x = t.input("x", Shape::batch(4), xv);
    const NodeId y = t.input("y", Shape::fixed(4, 6), yv);
    const auto a = t.run<double>(t.add("mmd", {x, y}, by_median.attrs()), 9);
    const auto b = t.run<double>(t.add("mmd", {x, y}, fixed.attrs()), 9);
    EXPECT_NEAR(a.value, b.value, 1e-14);
    EXPECT_LT((a.grads.at("x") - b.grads.at("x")).cwiseAbs().maxCoeff(), 1e-14);
    EXPECT_LT((a.grads.at("y") - b.grads.at("y")).cwiseAbs().maxCoeff(), 1e-14);
    EXPECT_GT(a.grads.at("x").cwiseAbs().maxCoeff(), 1e-4);
  }
}

TEST(Mmd, FloatGradientsAgreeWithDouble) {
  Rng rng(3);
  LoadedLoss mmd("mmd");
  TestGraph t(mmd.ops());
  const NodeId x = t.input("x", Shape::batch(6), normal_matrix(6, 64, rng));
  const NodeId y = t.input("y", Shape::batch(6), normal_matrix(6, 64, rng).array() * 0.7);
  Setting s;
  s.bandwidth = "median";
  const NodeId loss = t.add("mmd", {x, y}, s.attrs());
  const auto d = t.run<double>(loss, 64);
  const auto f = t.run<float>(loss, 64);
  for (const char* name : {"x", "y"}) {
    const double scale = d.grads.at(name).cwiseAbs().maxCoeff();
    EXPECT_LT((d.grads.at(name) - f.grads.at(name)).cwiseAbs().maxCoeff(), 1e-4 * scale) << name;
  }
}

// ---------------------------------------------------------------------------------------
// mmd_prior: targets drawn inside the op.

// The samples mmd_prior draws: column-major, from the node's stream for (seed, step).
Eigen::MatrixXd prior_samples(bool normal, double lo, double hi, Index d, Index m,
                              std::uint64_t seed, NodeId node, std::uint64_t step) {
  Rng rng = Rng::stream(seed, {static_cast<std::uint64_t>(node), step});
  Eigen::MatrixXd y(d, m);
  for (Index k = 0; k < y.size(); ++k) y.data()[k] = normal ? rng.normal() : rng.uniform(lo, hi);
  return y;
}

TEST(MmdPrior, MatchesTheEstimatorOnTheNodesOwnSamples) {
  Rng rng(4);
  const Eigen::MatrixXd xv = normal_matrix(3, 12, rng);
  for (const bool normal : {true, false}) {
    LoadedLoss mmd("mmd");
    TestGraph t(mmd.ops());
    const NodeId x = t.input("x", Shape::batch(3), xv);
    Setting s;
    s.bandwidth = "median";
    Attrs a = s.attrs();
    a.set("prior", std::string(normal ? "normal" : "uniform")).set("lo", -2.0).set("hi", 0.5);
    a.set("samples", std::int64_t{10});
    const NodeId loss = t.add("mmd_prior", {x}, a);
    const RunContext run{true, 99, 17};
    const Eigen::MatrixXd yv = prior_samples(normal, -2, 0.5, 3, 10, 99, loss, 17);
    if (!normal) {
      EXPECT_GE(yv.minCoeff(), -2.0);
      EXPECT_LT(yv.maxCoeff(), 0.5);
    }
    EXPECT_NEAR(t.run<double>(loss, 12, run).value, reference_mmd(xv, yv, s), 1e-12);
  }
}

TEST(MmdPrior, RedrawsEveryStepAndRepeatsASeededStep) {
  Rng rng(4);
  LoadedLoss mmd("mmd");
  TestGraph t(mmd.ops());
  const NodeId x = t.input("x", Shape::batch(2), normal_matrix(2, 8, rng));
  const NodeId loss = t.add("mmd_prior", {x}, {{"dim", std::int64_t{2}}});
  auto g = t.compile<float>(8);
  auto value = [&](std::uint64_t seed, std::uint64_t step) {
    g->forward(loss, {true, seed, step});
    return g->value(loss)(0, 0);
  };
  const float a = value(1, 0);
  EXPECT_EQ(value(1, 0), a);
  EXPECT_NE(value(1, 1), a);
  EXPECT_NE(value(2, 0), a);
  EXPECT_EQ(value(1, 0), a);
}

TEST(MmdPrior, GradientsMatchFiniteDifferences) {
  Rng rng(6);
  for (const char* prior : {"normal", "uniform"}) {
    LoadedLoss mmd("mmd");
    TestGraph t(mmd.ops());
    const NodeId x = t.input("x", Shape::batch(3), normal_matrix(3, 5, rng));
    Setting s;
    s.scales = {0.7, 4};
    Attrs a = s.attrs();
    a.set("prior", std::string(prior));
    const graph::GradcheckReport r = t.gradcheck(t.add("mmd_prior", {x}, a), 5);
    EXPECT_TRUE(r.passed(1e-6)) << prior << ": " << r.summary();
    EXPECT_EQ(r.checked, 15);
  }
}

TEST(MmdPrior, IsSmallForSamplesOfThePriorAndLargeForOthers) {
  Rng rng(10);
  const Eigen::MatrixXd from_prior = normal_matrix(6, 400, rng);
  const Eigen::MatrixXd shifted = from_prior.array() + 1.0;
  LoadedLoss mmd("mmd");
  TestGraph t(mmd.ops());
  const NodeId a = t.input("a", Shape::batch(6), from_prior);
  const NodeId b = t.input("b", Shape::batch(6), shifted);
  const NodeId la = t.add("mmd_prior", {a});
  const NodeId lb = t.add("mmd_prior", {b});
  auto g = t.compile<double>(400);
  g->forward({la, lb}, {true, 5, 0});
  EXPECT_LT(std::abs(g->value(la)(0, 0)), 0.01);
  EXPECT_GT(g->value(lb)(0, 0), 0.1);
}

// ---------------------------------------------------------------------------------------
// Errors

TEST(Mmd, ShapeAndAttributeErrorsNameTheProblem) {
  LoadedLoss mmd("mmd");
  TestGraph t(mmd.ops());
  const NodeId x = t.input("x", Shape::batch(3), Eigen::MatrixXd::Zero(3, 2));
  const NodeId y = t.input("y", Shape::batch(4), Eigen::MatrixXd::Zero(4, 2));
  EXPECT_EQ(error_of([&] {
              t.add("mmd", {x, y});
            }),
            "mmd: x has 3 features (3xB) but y has 4 (4xB); both sets of samples need the same "
            "dimension");
  EXPECT_EQ(error_of([&] {
              t.add("mmd", {x, x}, {{"kernel", std::string("laplace")}});
            }),
            "mmd: kernel must be \"gaussian\" or \"imq\", got \"laplace\"");
  EXPECT_EQ(error_of([&] {
              t.add("mmd", {x, x}, {{"bandwidth", std::string("mean")}});
            }),
            "mmd: bandwidth must be \"median\" or \"fixed\", got \"mean\"");
  EXPECT_EQ(error_of([&] {
              t.add("mmd", {x, x}, {{"scales", std::vector<double>{}}});
            }),
            "mmd: scales must list at least one bandwidth (scale)");
  EXPECT_NE(error_of([&] {
              t.add("mmd", {x, x}, {{"scales", std::vector<double>{1, -2}}});
            }).find("every entry of scales must be a finite number > 0"),
            std::string::npos);
  EXPECT_EQ(error_of([&] {
              t.add("mmd", {x, x}, {{"estimator", std::string("mle")}});
            }),
            "mmd: estimator must be \"unbiased\" or \"biased\", got \"mle\"");
  EXPECT_EQ(error_of([&] {
              t.add("mmd_prior", {x}, {{"dim", std::int64_t{6}}});
            }),
            "mmd_prior: the prior normal(6) has 6 dimensions but x has 3 features (3xB)");
  EXPECT_EQ(
      error_of([&] {
        t.add("mmd_prior", {x}, {{"prior", std::string("uniform")}, {"lo", 1.0}, {"hi", 1.0}});
      }),
      "mmd_prior: the uniform box needs lo < hi, got lo 1.000000, hi 1.000000");
  EXPECT_EQ(error_of([&] {
              t.add("mmd_prior", {x}, {{"prior", std::string("cauchy")}});
            }),
            "mmd_prior: prior must be \"normal\" or \"uniform\", got \"cauchy\"");
}

TEST(Mmd, UnbiasedEstimatorRefusesASingleSample) {
  LoadedLoss mmd("mmd");
  TestGraph t(mmd.ops());
  const NodeId x = t.input("x", Shape::batch(2), Eigen::MatrixXd::Ones(2, 1));
  const NodeId loss = t.add("mmd_prior", {x});
  auto g = t.compile<double>(1);
  EXPECT_EQ(error_of([&] { g->forward(loss); }),
            "mmd: the unbiased estimator needs at least 2 samples of x, got 1 (use estimator: "
            "\"biased\" for single samples)");
}

TEST(Mmd, PublishesItsScriptFunction) {
  LoadedLoss mmd("mmd");
  const auto functions = mmd.plugin().functions();
  ASSERT_EQ(functions.size(), 1u);
  EXPECT_EQ(functions[0].name, "mmd");
  EXPECT_EQ(functions[0].inputs, (std::vector<std::string>{"x", "y"}));
  const auto v = functions[0].options.validate({{"bandwidth", std::string("fixed")}}, "mmd");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.options.string("kernel"), "gaussian");
  EXPECT_EQ(v.options.numbers("scales"), std::vector<double>{1.0});
  EXPECT_FALSE(functions[0].options.validate({{"kernel", std::string("rbf")}}, "mmd").ok());
  EXPECT_NE(mmd.ops().find("mmd"), nullptr);
  EXPECT_NE(mmd.ops().find("mmd_prior"), nullptr);
}

}  // namespace
}  // namespace ael::loss_test

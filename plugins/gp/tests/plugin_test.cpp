// The built `gp` plugin, loaded the way the interpreter loads it: through the host's
// PluginRegistry (libael_gp.so from the build tree), options validated against the
// manifest's schema, the object created as the SymbolicRegressor family.
#include <gtest/gtest.h>

#include <cstring>

#include "ael/diagnostic.hpp"
#include "ael/random.hpp"
#include "ael/symreg.hpp"
#include "plugins/registry.hpp"
#include "test_inputs.hpp"

namespace ael::gp {
namespace {

using test::uniform_inputs;

plugins::PluginRegistry& registry() {
  static plugins::PluginRegistry* r = [] {
    plugins::RegistryConfig c;
    c.extra_dirs = {AEL_TEST_PLUGIN_DIR};
    c.use_environment = c.use_build_dir = c.use_install_dir = false;
    return new plugins::PluginRegistry(c);
  }();
  return *r;
}

std::vector<OptionArg> recovery_args() {
  return {{"population", std::int64_t(200)},
          {"generations", std::int64_t(60)},
          {"constants", false},
          {"primitives", std::string("add,sub,mul,sin,cos")},
          {"target_error", 1e-12}};
}

TEST(GpPluginTest, ManifestPublishesTheSymbolicRegressorFamilyAndSchema) {
  auto gp = registry().load("gp");
  EXPECT_EQ(gp->manifest().name, "gp");
  EXPECT_EQ(gp->manifest().family, PluginFamily::SymbolicRegressor);
  EXPECT_FALSE(gp->is_builtin());
  const OptionSpec* population = gp->manifest().options.find("population");
  ASSERT_NE(population, nullptr);
  EXPECT_EQ(population->type, OptionType::Integer);
  const OptionSpec* primitives = gp->manifest().options.find("primitives");
  ASSERT_NE(primitives, nullptr);
  EXPECT_EQ(primitives->type, OptionType::String);
}

TEST(GpPluginTest, RecoversAKnownFormulaReproducibly) {
  // y = x0 * x1 + sin(x0)
  const Eigen::MatrixXd X = uniform_inputs(2, 400, 1);
  const Eigen::MatrixXd Y = (X.row(0).array() * X.row(1).array() + X.row(0).array().sin()).matrix();
  auto gp = registry().load("gp");
  const Options options = gp->validate(recovery_args()).value();
  std::shared_ptr<SymbolicRegressor> regressor = gp->create<SymbolicRegressor>(options);
  EXPECT_EQ(regressor->plugin_name(), "gp");
  const SymregResult a = regressor->fit(X, Y, {"x0", "x1"}, 7, {});
  ASSERT_EQ(a.targets.size(), 1u);
  EXPECT_LT(a.targets[0].error, 1e-6) << a.targets[0].best.str();
  EXPECT_EQ(a.targets[0].stop_reason, "target_error");
  const Eigen::VectorXd pred = a.targets[0].best.evaluate(X);
  EXPECT_LT((pred - Y.row(0).transpose()).cwiseAbs().maxCoeff(), 1e-5);

  // A second object from the same options and seed gives the same bits.
  const SymregResult b = gp->create<SymbolicRegressor>(options)->fit(X, Y, {"x0", "x1"}, 7, {});
  EXPECT_EQ(a.targets[0].best, b.targets[0].best);
  EXPECT_EQ(std::memcmp(&a.targets[0].error, &b.targets[0].error, sizeof(double)), 0);
  EXPECT_EQ(a.evaluations, b.evaluations);
  EXPECT_EQ(a.targets[0].history.size(), b.targets[0].history.size());
}

TEST(GpPluginTest, ProgressCallbackSeesEveryGenerationAndCanStop) {
  const Eigen::MatrixXd X = uniform_inputs(1, 100, 3);
  const Eigen::MatrixXd Y = (X.array().square() + 1).matrix();
  auto gp = registry().load("gp");
  auto regressor = gp->create<SymbolicRegressor>(
      std::vector<OptionArg>{{"population", std::int64_t(30)}, {"generations", std::int64_t(10)}});
  std::vector<int> seen;
  const SymregResult r = regressor->fit(X, Y, {"x"}, 1, [&](const SymregGeneration& g) {
    seen.push_back(g.generation);
    return g.generation == 3;
  });
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(r.targets[0].stop_reason, "callback");
}

TEST(GpPluginTest, BadOptionsAreErrorsNamingTheOption) {
  auto gp = registry().load("gp");
  const OptionValidation v = gp->validate({{"populaton", std::int64_t(10)}});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.problems[0].suggestion, "population");
  // What the schema cannot check, the factory reports (closest primitive suggested).
  try {
    gp->create<SymbolicRegressor>(std::vector<OptionArg>{{"primitives", std::string("add,cosh")}});
    FAIL() << "an unknown primitive was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown primitive 'cosh'; did you mean 'cos'?"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ael::gp

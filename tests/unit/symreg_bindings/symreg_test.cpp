// symreg(): the binding that runs a symbolic-regressor plugin on datasets, called from
// C++ with a hand-built PluginValue (what `gp(...)` evaluates to) and from a script with
// that value as a global.
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <cstring>
#include <filesystem>

#include "../eval/eval_helpers.hpp"
#include "bindings/dataset_value.hpp"
#include "bindings/expression_value.hpp"
#include "bindings/symreg_run.hpp"
#include "symreg_fixture.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

using bindings::as_expression;

const Value& field(const Value& record, const char* name) {
  const Value* v = record.as_record().find(name);
  if (!v) throw std::runtime_error(std::string("no field ") + name);
  return *v;
}

data::Dataset product_plus_sine(const data::Dataset& x) {
  const Eigen::MatrixXd& X = x.matrix();
  Eigen::MatrixXd y = (X.row(0).array() * X.row(1).array() + X.row(0).array().sin()).matrix();
  return data::Dataset(std::move(y), {"y"});
}

TEST(SymregBindingTest, RecoversAKnownFormulaAsAnExpressionValue) {
  const data::Dataset x = uniform_dataset(2, 400, 1);
  const data::Dataset y = product_plus_sine(x);
  bindings::SymregRunConfig config;
  config.seed = 7;
  const Value r = bindings::run_symreg(x, y, *plugin_value("gp", small_gp_args()), config);

  const List& equations = field(r, "equations").as_list();
  ASSERT_EQ(equations.size(), 1u);
  const Expression* best = as_expression(equations[0]);
  ASSERT_NE(best, nullptr);
  EXPECT_EQ(best->variables(), (std::vector<std::string>{"x0", "x1"}));
  const double mse = field(r, "errors").as_list()[0].as_number();
  EXPECT_LT(mse, 1e-6) << best->str();
  const Eigen::VectorXd pred = best->evaluate(x.matrix());
  EXPECT_NEAR((pred - y.matrix().row(0).transpose()).squaredNorm() / 400.0, mse, 1e-12);
  EXPECT_EQ(field(r, "stop_reasons").as_list()[0].as_string(), "target_error");

  // The Pareto front: ascending complexity, falling error, each point an expression.
  const List& front = field(r, "pareto").as_list()[0].as_list();
  ASSERT_FALSE(front.empty());
  for (std::size_t k = 0; k < front.size(); ++k) {
    const Expression* e = as_expression(field(front[k], "expression"));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(static_cast<std::size_t>(field(front[k], "complexity").as_int()), e->size());
    if (k > 0) {
      EXPECT_GT(field(front[k], "complexity").as_int(), field(front[k - 1], "complexity").as_int());
      EXPECT_LT(field(front[k], "error").as_number(), field(front[k - 1], "error").as_number());
    }
  }
  // History: one record per generation run (generation 0 included).
  const List& history = field(r, "history").as_list()[0].as_list();
  EXPECT_EQ(static_cast<std::int64_t>(history.size()),
            field(r, "generations").as_list()[0].as_int() + 1);
  EXPECT_EQ(field(history[0], "generation").as_int(), 0);
  // The run tracks its best error in its own arithmetic; the reported one is recomputed.
  EXPECT_NEAR(field(history.back(), "best_ever_error").as_number(), mse, 1e-12);
  EXPECT_GT(field(r, "evaluations").as_int(), 200);
  EXPECT_GT(field(r, "node_rows").as_int(), field(r, "evaluations").as_int() * 400);
  EXPECT_GT(field(r, "seconds").as_number(), 0.0);
}

TEST(SymregBindingTest, OneEquationPerTargetColumnSeededAndReproducible) {
  const data::Dataset x = uniform_dataset(2, 300, 2);
  const Eigen::MatrixXd& X = x.matrix();
  Eigen::MatrixXd Y(2, 300);
  Y.row(0) = (X.row(0).array() * X.row(1).array()).matrix();
  Y.row(1) = (X.row(1).array().cos() + X.row(0).array()).matrix();
  const data::Dataset y(Y, {"a", "b"});
  auto gp = plugin_value("gp", {{"population", std::int64_t(100)},
                                {"generations", std::int64_t(8)},
                                {"primitives", std::string("add,mul,cos")}});
  bindings::SymregRunConfig config;
  config.seed = 5;
  const Value first = bindings::run_symreg(x, y, *gp, config);
  const Value second = bindings::run_symreg(x, y, *gp, config);
  ASSERT_EQ(field(first, "equations").as_list().size(), 2u);
  for (std::size_t t = 0; t < 2; ++t) {
    EXPECT_EQ(field(first, "equations").as_list()[t], field(second, "equations").as_list()[t]);
    const double a = field(first, "errors").as_list()[t].as_number();
    const double b = field(second, "errors").as_list()[t].as_number();
    EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0);
  }
  config.seed = 6;
  const Value other = bindings::run_symreg(x, y, *gp, config);
  EXPECT_NE(field(first, "history")
                .as_list()[1]
                .as_list()
                .back()
                .as_record()
                .find("mean_size")
                ->as_number(),
            field(other, "history")
                .as_list()[1]
                .as_list()
                .back()
                .as_record()
                .find("mean_size")
                ->as_number());
}

TEST(SymregBindingTest, ProgressReportsEveryGenerationAndEndsEachTargetsLine) {
  const data::Dataset x = uniform_dataset(1, 50, 3);
  const data::Dataset y(Eigen::MatrixXd(x.matrix().array().square().replicate(2, 1)), {"p", "q"});
  auto gp =
      plugin_value("gp", {{"population", std::int64_t(20)}, {"generations", std::int64_t(3)}});
  std::vector<std::string> lines;
  bindings::SymregRunConfig config;
  config.seed = 1;
  config.progress = [&](const std::string& line) { lines.push_back(line); };
  bindings::run_symreg(x, y, *gp, config);
  // 4 generations (0..3) per target, each target's line finished with "".
  ASSERT_EQ(lines.size(), 10u);
  EXPECT_EQ(lines[0].rfind("symreg target 1/2  generation 0/3  best mse ", 0), 0u) << lines[0];
  EXPECT_EQ(lines[4], "");
  EXPECT_EQ(lines[5].rfind("symreg target 2/2  generation 0/3", 0), 0u) << lines[5];
  EXPECT_EQ(lines[9], "");
}

TEST(SymregBindingTest, InterruptStopsTheRunWithAnError) {
  const data::Dataset x = uniform_dataset(1, 50, 4);
  const data::Dataset y(Eigen::MatrixXd(x.matrix().array().exp()), {"y"});
  auto gp =
      plugin_value("gp", {{"population", std::int64_t(20)}, {"generations", std::int64_t(50)}});
  int polls = 0;
  bindings::SymregRunConfig config;
  config.interrupted = [&] { return ++polls == 3; };
  EXPECT_THROW(bindings::run_symreg(x, y, *gp, config), Error);
  EXPECT_EQ(polls, 3);
}

TEST(SymregBindingTest, WrongPluginFamilyAndRowMismatchAreErrors) {
  const data::Dataset x = uniform_dataset(1, 10, 5);
  const data::Dataset y(Eigen::MatrixXd::Zero(1, 9), {"y"});
  bindings::SymregRunConfig config;
  try {
    bindings::run_symreg(x, y, *plugin_value("gp", {}), config);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "symreg(): inputs have 10 rows but targets have 9");
  }
  try {
    bindings::run_symreg(x, x, *plugin_value("adam", {}), config);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(
        std::string(e.what()).find("needs a symbolic regressor plugin such as gp(...), got adam"),
        std::string::npos)
        << e.what();
  }
}

TEST(SymregBindingTest, ScriptRunsSymregWithAPluginValueAndUsesTheEquations) {
  Session s;
  s.interp().set_global("small_gp", Value(plugin_value("gp", small_gp_args())));
  s.interp().set_global("x", bindings::make_dataset(uniform_dataset(2, 300, 6)));
  s.run(
      "let target = evaluate(expr(\"x0 * x1 + sin(x0)\"), x)\n"
      "let r = symreg(x, target, small_gp, seed: 3, progress: false)\n"
      "let eq = r.equations[0]\n"
      "let fitted = evaluate(eq, x)\n"
      "let worst = max(column(abs(fitted - target), 0))\n");
  EXPECT_LT(s.eval("r.errors[0]").as_number(), 1e-6) << s.eval("eq").repr();
  EXPECT_LT(s.eval("worst").as_number(), 1e-5);
  EXPECT_EQ(s.eval("type(eq)").as_string(), "expression");
  EXPECT_EQ(s.eval("len(r.history[0]) - 1").as_int(), s.eval("r.generations[0]").as_int());
  EXPECT_GT(s.eval("len(r.pareto[0])").as_int(), 0);
  EXPECT_EQ(s.eval("r.pareto[0][len(r.pareto[0]) - 1].error").as_number(),
            s.eval("r.errors[0]").as_number());
  // Same seed in a script, same equation.
  EXPECT_TRUE(
      s.eval("symreg(x, target, small_gp, seed: 3, progress: false).equations[0] == eq").as_bool());
  // progress: true forces the in-place progress line on stderr (default: only on a TTY).
  testing::internal::CaptureStderr();
  s.run("symreg(x, target, small_gp, seed: 3, progress: true)");
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err.rfind("\rsymreg target 1/1  generation 0/60  best mse ", 0), 0u) << err;
  EXPECT_NE(err.find("\rsymreg target 1/1  generation 1/60  best mse "), std::string::npos) << err;
  EXPECT_EQ(err.back(), '\n');
  testing::internal::CaptureStderr();
  s.run("symreg(x, target, small_gp, seed: 3)");  // stderr is not a terminal here
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  // Wrong row count: an error at the targets argument.
  const Diagnostic d = s.error("symreg(x, take(target, 10), small_gp, seed: 1)");
  EXPECT_NE(d.message.find("targets have 10 rows but inputs have 300"), std::string::npos)
      << d.message;
  EXPECT_EQ(d.location.column, 11);
}

TEST(SymregBindingTest, PluginProblemsAreReportedAtTheRegressorArgument) {
  Session s;
  s.interp().set_global("bad_gp",
                        Value(plugin_value("gp", {{"primitives", std::string("add,sine")}})));
  s.interp().set_global("adam_value", Value(plugin_value("adam", {})));
  s.interp().set_global("x", bindings::make_dataset(uniform_dataset(1, 20, 7)));
  Diagnostic d = s.error("symreg(x, x, bad_gp)");
  EXPECT_NE(d.message.find("unknown primitive 'sine'; did you mean 'sin'?"), std::string::npos)
      << d.message;
  EXPECT_EQ(d.location.column, 14);
  d = s.error("symreg(x, x, adam_value)");
  EXPECT_NE(d.message.find("needs a symbolic regressor plugin such as gp(...), got adam"),
            std::string::npos)
      << d.message;
  EXPECT_EQ(d.location.column, 14);
}

// True while the library at `path` is mapped into the process.
bool is_loaded(const std::string& path) {
  void* handle = dlopen(path.c_str(), RTLD_NOLOAD | RTLD_LAZY);
  if (!handle) return false;
  dlclose(handle);
  return true;
}

TEST(SymregBindingTest, ResultsOutliveThePluginLibrary) {
  // A private copy of the plugin, so no other test's registry keeps it mapped.
  const std::string dir = temp_dir("symreg_unload");
  const std::string path = dir + "/libael_gp.so";
  std::filesystem::copy_file(std::string(AEL_TEST_PLUGIN_DIR) + "/libael_gp.so", path);
  const data::Dataset x = uniform_dataset(2, 100, 8);
  const data::Dataset y = product_plus_sine(x);
  Value result;
  {
    plugins::RegistryConfig c;
    c.extra_dirs = {dir};
    c.use_environment = c.use_build_dir = c.use_install_dir = false;
    plugins::PluginRegistry registry(c);
    auto handle = registry.load("gp");
    bindings::PluginValue gp(
        handle,
        handle->validate({{"population", std::int64_t(50)}, {"generations", std::int64_t(3)}})
            .value());
    bindings::SymregRunConfig config;
    config.seed = 1;
    result = bindings::run_symreg(x, y, gp, config);
    ASSERT_TRUE(is_loaded(path));
  }
  ASSERT_FALSE(is_loaded(path)) << "the plugin should be unloaded with its last object";
  // Every expression still prints, evaluates and is destroyed without plugin code.
  const Expression* best = as_expression(field(result, "equations").as_list()[0]);
  ASSERT_NE(best, nullptr);
  EXPECT_FALSE(best->str().empty());
  EXPECT_EQ(best->evaluate(x.matrix()).size(), 100);
  EXPECT_EQ(best->variables(), (std::vector<std::string>{"x0", "x1"}));
  result = Value();
}

}  // namespace
}  // namespace ael::test

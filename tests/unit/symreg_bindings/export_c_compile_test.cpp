// The exported C, compiled with the system C compiler and run, reproduces AEL's own
// vectorised evaluation (to 1e-9 relative) on random rows and on rows that hit every
// protected branch (division by zero, log and sqrt of negatives, exp overflow).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "../eval/eval_helpers.hpp"
#include "bindings/dataset_value.hpp"
#include "bindings/symreg_run.hpp"
#include "symreg_fixture.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

// The C compiler on PATH ("cc"), or "" when there is none.
std::string find_c_compiler() {
  FILE* p = popen("command -v cc 2>/dev/null", "r");
  if (!p) return "";
  char buf[4096] = {0};
  const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
  pclose(p);
  std::string path = got ? buf : "";
  while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
  return path;
}

// A main() that reads rows "x0 x1" from stdin and prints every function's value.
std::string driver(std::size_t functions) {
  std::string s =
      "\n#include <stdio.h>\n"
      "int main(void) {\n"
      "  double x0, x1;\n"
      "  while (scanf(\"%lf %lf\", &x0, &x1) == 2) {\n";
  for (std::size_t k = 0; k < functions; ++k) {
    s += "    printf(\"%.17g \", f" + std::to_string(k) + "(x0, x1));\n";
  }
  return s + "    printf(\"\\n\");\n  }\n  return 0;\n}\n";
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

TEST(ExportCCompileTest, CompiledCReproducesVectorisedEvaluation) {
  const std::string cc = find_c_compiler();
  if (cc.empty()) GTEST_SKIP() << "no C compiler (cc) on PATH";
  const std::string dir = temp_dir("symreg_export_c");

  // Rows: random, then the protected branches.
  data::Dataset rows = uniform_dataset(2, 300, 11, -3, 3);
  Eigen::MatrixXd edge(2, 8);
  edge << 0, 1, -1, 1e-300, 200, -200, 2, 0.5,  //
      0, 1, 0, 5, -200, 3, 2, -0.5;
  rows = data::Dataset::concat_samples({rows, data::Dataset(edge)});

  // A GP-evolved equation (deap mode: protected div, log, sqrt, exp) plus hand-written
  // ones covering every primitive.
  auto gp = plugin_value("gp", {{"mode", std::string("deap")},
                                {"population", std::int64_t(100)},
                                {"generations", std::int64_t(10)}});
  const data::Dataset train = uniform_dataset(2, 200, 12, 0.1, 3);
  const Eigen::MatrixXd& T = train.matrix();
  const data::Dataset target(
      Eigen::MatrixXd(
          (T.row(0).array().log() * T.row(1).array() + T.row(1).array().sqrt()).matrix()),
      {"z"});
  bindings::SymregRunConfig config;
  config.seed = 2;
  const Value evolved = bindings::run_symreg(train, target, *gp, config);

  Session s;
  s.interp().set_global("evolved", evolved.as_record().find("equations")->as_list()[0]);
  s.interp().set_global("rows", bindings::make_dataset(rows));
  s.run(
      "let vars = [\"x0\", \"x1\"]\n"
      "let eqs = [evolved,\n"
      "  expr(\"x0 * x1 + sin(x0)\", variables: vars),\n"
      "  expr(\"x0 / x1 + log(x1) - sqrt(x0 - x1) + exp(x0 * x1)\", variables: vars),\n"
      "  expr(\"pow(x0, x1) + tanh(x0) ^ 2 + max(x0, x1) - min(x0, -x1)\", variables: vars),\n"
      "  expr(\"sigmoid(x1) * cube(x0) + square(cos(x1)) - abs(tan(x0)) / 3.25\", variables: "
      "vars)]\n"
      "let values = evaluate(eqs, rows)\n"
      "to_c(eqs, name: \"f\", path: \"" +
      dir + "/eqs.c\")\n");
  const std::size_t n = 5;
  const Value values = s.eval("values");
  const data::Dataset& ael_values = *bindings::as_dataset(values);
  ASSERT_EQ(ael_values.features(), static_cast<Eigen::Index>(n));

  write_text(dir + "/main.c", read_text(dir + "/eqs.c") + driver(n));
  std::string input;
  for (Eigen::Index r = 0; r < rows.samples(); ++r) {
    input += number(rows.matrix()(0, r)) + " " + number(rows.matrix()(1, r)) + "\n";
  }
  write_text(dir + "/rows.txt", input);
  const std::string build =
      cc + " -std=c99 -O2 -o " + dir + "/eqs " + dir + "/main.c -lm 2> " + dir + "/cc.log";
  ASSERT_EQ(std::system(build.c_str()), 0) << read_text(dir + "/cc.log");
  const std::string run = dir + "/eqs < " + dir + "/rows.txt > " + dir + "/out.txt";
  ASSERT_EQ(std::system(run.c_str()), 0);

  std::istringstream out(read_text(dir + "/out.txt"));
  for (Eigen::Index r = 0; r < rows.samples(); ++r) {
    for (std::size_t k = 0; k < n; ++k) {
      double c_value = 0;
      ASSERT_TRUE(out >> c_value) << "row " << r << ", function " << k;
      const double a = ael_values.matrix()(static_cast<Eigen::Index>(k), r);
      ASSERT_TRUE(std::isfinite(a)) << "row " << r << ", function " << k;
      EXPECT_LE(std::abs(c_value - a), 1e-9 * std::max(std::abs(a), 1e-300))
          << "row " << r << " (" << rows.matrix()(0, r) << ", " << rows.matrix()(1, r)
          << "), function " << k << ": C " << number(c_value) << ", AEL " << number(a);
    }
  }
}

}  // namespace
}  // namespace ael::test

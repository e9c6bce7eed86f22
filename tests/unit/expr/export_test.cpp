// Exported C and Lua: compiled and run at test time, compared with AEL's libm-based
// reference arithmetic (the same protected rules over the C library's functions).
#include "expr/eigen_gcc12.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

#include "ael/diagnostic.hpp"
#include "ael/expression.hpp"
#include "expr/reference_eval.hpp"
#include "random_programs.hpp"
#include "rpn.hpp"
#include "test_support.hpp"

namespace ael {
namespace {

constexpr int kFeatures = 3;

std::vector<std::array<double, kFeatures>> test_rows() {
  std::vector<std::array<double, kFeatures>> rows;
  Rng rng(99);
  for (int r = 0; r < 40; ++r) {
    std::array<double, kFeatures> x{};
    for (double& v : x) v = rng.uniform(-3.0, 3.0);
    rows.push_back(x);
  }
  rows.push_back({0.0, 0.0, 0.0});
  rows.push_back({-1.0, 1e300, 1e-300});
  rows.push_back({200.0, -200.0, 1e6});
  return rows;
}

std::string rows_as_c(const std::vector<std::array<double, kFeatures>>& rows) {
  std::string out = "static const double rows[][3] = {\n";
  char buf[128];
  for (const auto& x : rows) {
    std::snprintf(buf, sizeof buf, "  {%a, %a, %a},\n", x[0], x[1], x[2]);
    out += buf;
  }
  return out + "};\nstatic const int row_count = " + std::to_string(rows.size()) + ";\n";
}

/// Runs a shell command; returns its stdout. Fails the test on a non-zero exit.
std::string run(const std::string& command, const std::string& dir) {
  const std::string out = dir + "/stdout.txt";
  const std::string err = dir + "/stderr.txt";
  const int status = std::system((command + " >'" + out + "' 2>'" + err + "'").c_str());
  EXPECT_EQ(status, 0) << command << "\n" << test::read_text(err);
  return test::read_text(out);
}

std::vector<double> parse_values(const std::string& text) {
  std::vector<double> values;
  std::istringstream in(text);
  std::string token;
  while (in >> token) values.push_back(std::strtod(token.c_str(), nullptr));
  return values;
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0;
}

std::vector<Expression> random_expressions(int count, std::uint64_t seed,
                                           const std::vector<ExprOp>& excluded) {
  Rng rng(seed);
  std::vector<Expression> out;
  while (static_cast<int>(out.size()) < count) {
    Expression e = test::random_expression(rng, 1 + static_cast<int>(rng.below(5)), kFeatures);
    bool ok = true;
    for (const ExprNode& n : e.nodes()) {
      for (ExprOp x : excluded) ok = ok && n.op != x;
    }
    if (ok) out.push_back(std::move(e));
  }
  return out;
}

double libm_reference(const Expression& e, const std::array<double, kFeatures>& x) {
  std::vector<double> stack;
  return expr::evaluate_row<expr::LibmPrims<double>>(e.program(), x.data(), stack);
}

TEST(ExportCTest, CompiledFunctionsMatchTheReferenceExactly) {
  const std::string dir = test::temp_dir("expr_export_c");
  const std::vector<Expression> exprs = random_expressions(120, 5, {});
  std::vector<std::string> names;
  for (std::size_t i = 0; i < exprs.size(); ++i) names.push_back("f" + std::to_string(i));
  std::string code = to_c_file(exprs, names);
  code += "\n#include <stdio.h>\n" + rows_as_c(test_rows());
  code += "int main(void) {\n  for (int r = 0; r < row_count; ++r) {\n";
  for (const std::string& name : names) {
    code += "    printf(\"%a\\n\", " + name + "(rows[r][0], rows[r][1], rows[r][2]));\n";
  }
  code += "  }\n  return 0;\n}\n";
  test::write_text(dir + "/exported.c", code);
  // -fno-builtin: no compile-time folding of libm calls, so C calls the same libm.
  run("cc -std=c99 -Wall -Wextra -Werror -O1 -fno-builtin -ffp-contract=off -o '" + dir +
          "/exported' '" + dir + "/exported.c' -lm",
      dir);
  const std::vector<double> got = parse_values(run("'" + dir + "/exported'", dir));
  const auto rows = test_rows();
  ASSERT_EQ(got.size(), rows.size() * exprs.size());
  std::size_t k = 0;
  for (const auto& x : rows) {
    for (const Expression& e : exprs) {
      const double want = libm_reference(e, x);
      ASSERT_TRUE(same(got[k], want)) << e.str() << ": C gives " << got[k] << ", AEL " << want;
      ++k;
    }
  }
}

TEST(ExportCTest, SingleFunctionIsSelfContainedAndReadable) {
  ExpressionBuilder b({"HouseAge", "Ave Rooms"});
  b.variable(0).variable(1).op(ExprOp::Div).op(ExprOp::Log).constant(-2.5).op(ExprOp::Mul);
  const std::string code = to_c_function(b.build(), "latent0");
  EXPECT_NE(code.find("double latent0(double HouseAge, double Ave_Rooms)"), std::string::npos)
      << code;
  EXPECT_NE(code.find("return ael_log(ael_div(HouseAge, Ave_Rooms)) * -2.5;"), std::string::npos)
      << code;
  EXPECT_NE(code.find("static double ael_div"), std::string::npos);
  EXPECT_EQ(code.find("static double ael_pow"), std::string::npos);  // only what is used
  EXPECT_THROW(to_c_function(b.build(), "2bad"), Error);
  EXPECT_THROW(to_c_function(b.build(), "double"), Error);
  EXPECT_THROW(to_c_file({b.build(), b.build()}, {"f", "f"}), Error);
}

/// A C host that loads each Lua chunk and prints the function's value on every row.
std::string lua_host(std::size_t chunks) {
  std::string code =
      "#include <stdio.h>\n#include <lua.h>\n#include <lauxlib.h>\n#include <lualib.h>\n" +
      rows_as_c(test_rows()) +
      "int main(int argc, char** argv) {\n"
      "  lua_State* L = luaL_newstate();\n  luaL_openlibs(L);\n"
      "  for (int c = 1; c < argc; ++c) {\n"
      "    if (luaL_dofile(L, argv[c])) { fprintf(stderr, \"%s\\n\", lua_tostring(L, -1)); "
      "return 1; }\n"
      "    for (int r = 0; r < row_count; ++r) {\n"
      "      lua_pushvalue(L, -1);\n"
      "      for (int i = 0; i < 3; ++i) lua_pushnumber(L, rows[r][i]);\n"
      "      if (lua_pcall(L, 3, 1, 0)) { fprintf(stderr, \"%s\\n\", lua_tostring(L, -1)); "
      "return 1; }\n"
      "      printf(\"%a\\n\", lua_tonumber(L, -1));\n      lua_pop(L, 1);\n    }\n"
      "    lua_pop(L, 1);\n  }\n  lua_close(L);\n  return 0;\n}\n";
  (void)chunks;
  return code;
}

std::vector<double> run_lua(const std::vector<Expression>& exprs, const std::string& dir) {
  test::write_text(dir + "/host.c", lua_host(exprs.size()));
  run("cc -std=c99 -O1 -o '" + dir + "/host' '" + dir +
          "/host.c' $(pkg-config --cflags --libs lua5.4) -lm",
      dir);
  std::string args;
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    const std::string path = dir + "/f" + std::to_string(i) + ".lua";
    test::write_text(path, to_lua_function(exprs[i]));
    args += " '" + path + "'";
  }
  return parse_values(run("'" + dir + "/host'" + args, dir));
}

TEST(ExportLuaTest, ChunksMatchTheReferenceExactly) {
  // Lua has no math.tanh (AEL's Lua tanh is built from exp) and computes x ^ 2 as x * x:
  // those two are checked with a tolerance below.
  const std::string dir = test::temp_dir("expr_export_lua");
  const std::vector<Expression> exprs = random_expressions(60, 6, {ExprOp::Tanh, ExprOp::Pow});
  const std::vector<double> got = run_lua(exprs, dir);
  const auto rows = test_rows();
  ASSERT_EQ(got.size(), rows.size() * exprs.size());
  std::size_t k = 0;
  for (const Expression& e : exprs) {
    for (const auto& x : rows) {
      const double want = libm_reference(e, x);
      ASSERT_TRUE(same(got[k], want))
          << to_lua_function(e) << "Lua gives " << got[k] << ", AEL " << want;
      ++k;
    }
  }
}

TEST(ExportLuaTest, TanhAndPowAgreeWithinAFewUlp) {
  const std::string dir = test::temp_dir("expr_export_lua_tanh");
  const std::vector<Expression> exprs = {test::rpn("x tanh"), test::rpn("x y pow"),
                                         test::rpn("x 2 pow"), test::rpn("x 1e-7 mul tanh")};
  const std::vector<double> got = run_lua(exprs, dir);
  const auto rows = test_rows();
  std::size_t k = 0;
  for (const Expression& e : exprs) {
    for (const auto& x : rows) {
      const double want = libm_reference(e, x);
      if (!same(got[k], want)) {
        EXPECT_NEAR(got[k], want, 1e-15 * std::fabs(want) + 1e-300) << e.str();
      }
      ++k;
    }
  }
}

}  // namespace
}  // namespace ael

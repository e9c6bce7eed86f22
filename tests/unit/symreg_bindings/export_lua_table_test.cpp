// to_lua() of a list: a chunk returning a table of functions keyed by name. Run by the
// system Lua 5.4 (a small C host built with cc; skipped without cc or lua5.4's
// pkg-config), every function must reproduce AEL's vectorised evaluation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "../eval/eval_helpers.hpp"
#include "bindings/dataset_value.hpp"
#include "symreg_fixture.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

// Loads the chunk (argv[1]), then for each "x0 x1" row on stdin prints t[name](x0, x1)
// for every name in argv[2..].
const char* kLuaHost =
    "#include <stdio.h>\n#include <lua.h>\n#include <lauxlib.h>\n#include <lualib.h>\n"
    "int main(int argc, char** argv) {\n"
    "  lua_State* L = luaL_newstate();\n  luaL_openlibs(L);\n"
    "  if (luaL_dofile(L, argv[1])) { fprintf(stderr, \"%s\\n\", lua_tostring(L, -1)); return 1; "
    "}\n"
    "  double x0, x1;\n"
    "  while (scanf(\"%lf %lf\", &x0, &x1) == 2) {\n"
    "    for (int k = 2; k < argc; ++k) {\n"
    "      lua_getfield(L, -1, argv[k]);\n"
    "      lua_pushnumber(L, x0);\n      lua_pushnumber(L, x1);\n"
    "      if (lua_pcall(L, 2, 1, 0)) { fprintf(stderr, \"%s\\n\", lua_tostring(L, -1)); return 1; "
    "}\n"
    "      printf(\"%.17g \", lua_tonumber(L, -1));\n      lua_pop(L, 1);\n"
    "    }\n    printf(\"\\n\");\n  }\n  lua_close(L);\n  return 0;\n}\n";

TEST(ExportLuaTableTest, TableOfFunctionsReproducesVectorisedEvaluation) {
  if (std::system("command -v cc > /dev/null 2>&1 && pkg-config --exists lua5.4") != 0) {
    GTEST_SKIP() << "needs cc and Lua 5.4's development files (pkg-config lua5.4)";
  }
  const std::string dir = temp_dir("symreg_export_lua");
  Session s;
  s.interp().set_global("rows", bindings::make_dataset(uniform_dataset(2, 100, 21, -3, 3)));
  s.run(
      "let vars = [\"x0\", \"x1\"]\n"
      "let eqs = [expr(\"x0 * x1 + sin(x0)\", variables: vars),\n"
      "  expr(\"x0 / x1 + log(x1) - sqrt(x0 - x1) + exp(x0)\", variables: vars),\n"
      "  expr(\"max(x0, x1) - min(x0, -x1) + sigmoid(x1) * cube(x0)\", variables: vars)]\n"
      "let values = evaluate(eqs, rows)\n"
      "to_lua(eqs, name: [\"first\", \"second\", \"third\"], path: \"" +
      dir + "/eqs.lua\")\n");
  const data::Dataset& want = *bindings::as_dataset(s.eval("values"));

  write_text(dir + "/host.c", kLuaHost);
  const std::string build = "cc -std=c99 -O1 -o " + dir + "/host " + dir +
                            "/host.c $(pkg-config --cflags --libs lua5.4) -lm 2> " + dir +
                            "/cc.log";
  ASSERT_EQ(std::system(build.c_str()), 0) << read_text(dir + "/cc.log");
  std::string input;
  char buf[80];
  for (Eigen::Index r = 0; r < want.samples(); ++r) {
    const data::Dataset& rows = *bindings::as_dataset(s.eval("rows"));
    std::snprintf(buf, sizeof buf, "%.17g %.17g\n", rows.matrix()(0, r), rows.matrix()(1, r));
    input += buf;
  }
  write_text(dir + "/rows.txt", input);
  const std::string run = dir + "/host " + dir + "/eqs.lua first second third < " + dir +
                          "/rows.txt > " + dir + "/out.txt 2> " + dir + "/run.log";
  ASSERT_EQ(std::system(run.c_str()), 0) << read_text(dir + "/run.log");

  std::istringstream out(read_text(dir + "/out.txt"));
  for (Eigen::Index r = 0; r < want.samples(); ++r) {
    for (Eigen::Index k = 0; k < 3; ++k) {
      double got = 0;
      ASSERT_TRUE(out >> got) << "row " << r << ", function " << k;
      const double a = want.matrix()(k, r);
      EXPECT_LE(std::abs(got - a), 1e-9 * std::max(std::abs(a), 1e-300))
          << "row " << r << ", function " << k << ": Lua " << got << ", AEL " << a;
    }
  }
}

}  // namespace
}  // namespace ael::test

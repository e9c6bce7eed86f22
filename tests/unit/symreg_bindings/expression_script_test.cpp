// Expressions in scripts, through the public ael::Interpreter: parsing with expr(),
// fields, composition by arithmetic and math functions, evaluate/simplify/latex and the
// C and Lua exports, with errors located at the argument.
#include <gtest/gtest.h>

#include "../eval/eval_helpers.hpp"
#include "bindings/expression_value.hpp"
#include "test_support.hpp"

namespace ael::test {
namespace {

TEST(ExpressionScriptTest, ExprParsesAndPrintsReadableInfix) {
  EXPECT_EQ(repr_of("expr(\"x0*sin(x1)+1\")"), "x0 * sin(x1) + 1");
  EXPECT_EQ(repr_of("expr(\"(a + b) * -c\")"), "(a + b) * -c");
  EXPECT_EQ(repr_of("expr(\"x ^ 2 / max(x, 0.5)\")"), "x ^ 2 / max(x, 0.5)");
  EXPECT_EQ(repr_of("type(expr(\"x\"))"), "\"expression\"");
}

TEST(ExpressionScriptTest, FieldsDescribeTheExpression) {
  Session s;
  s.run("let e = expr(\"x0 * sin(x1) + 1.5\")");
  EXPECT_EQ(s.eval("e.size").as_int(), 6);
  EXPECT_EQ(s.eval("e.depth").as_int(), 3);
  EXPECT_EQ(s.eval("e.variables").repr(), "[\"x0\", \"x1\"]");
  EXPECT_EQ(s.eval("e.constants").repr(), "[1.5]");
  EXPECT_EQ(s.eval("e.latex").as_string(), to_latex(*bindings::as_expression(s.eval("e"))));
  EXPECT_NE(s.eval("e.c").as_string().find("double f(double x0, double x1)"), std::string::npos)
      << s.eval("e.c").as_string();
  EXPECT_NE(s.eval("e.lua").as_string().find("function"), std::string::npos);
  EXPECT_EQ(s.eval("expr(\"b + a\", variables: [\"a\", \"b\"]).variables").repr(),
            "[\"a\", \"b\"]");
}

TEST(ExpressionScriptTest, ArithmeticAndMathComposeNewExpressions) {
  Session s;
  s.run("let e = expr(\"x\")\nlet f = expr(\"y + 1\")");
  EXPECT_EQ(s.eval("sin(e) + 1").repr(), "sin(x) + 1");
  EXPECT_EQ(s.eval("e * e").repr(), "x * x");
  EXPECT_EQ(s.eval("2 * e - 3").repr(), "2 * x - 3");
  EXPECT_EQ(s.eval("1 / e").repr(), "1 / x");
  EXPECT_EQ(s.eval("e ^ 2").repr(), "x ^ 2");
  EXPECT_EQ(s.eval("-e").repr(), "-x");
  EXPECT_EQ(s.eval("exp(tanh(e))").repr(), "exp(tanh(x))");
  EXPECT_EQ(s.eval("e * f").repr(), "x * (y + 1)");
  EXPECT_EQ(s.eval("(e * f).variables").repr(), "[\"x\", \"y\"]");
  EXPECT_EQ(s.eval("(f * e).variables").repr(), "[\"y\", \"x\"]");
  EXPECT_TRUE(s.eval("e * f == expr(\"x * (y + 1)\")").as_bool());
  EXPECT_FALSE(s.eval("e * f == expr(\"(y + 1) * x\")").as_bool());
}

TEST(ExpressionScriptTest, PrintedTextParsesBackToTheSameTree) {
  Session s;
  for (const char* text : {"x0 * x1 + sin(x0)", "-(a + b) * c", "a - (b - c)", "a / (b / c)",
                           "2 ^ 3 ^ x", "(-x) ^ 2", "x ^ (-2)", "sqrt(abs(x)) - log(x + 1.25e-7)",
                           "min(a, max(b, -3.5))", "sigmoid(cube(square(x)))", "-x - -1"}) {
    const std::string e = std::string("expr(\"") + text + "\")";
    EXPECT_TRUE(s.eval("expr(str(" + e + ")) == " + e).as_bool())
        << text << " -> " << s.eval(e).repr();
  }
}

TEST(ExpressionScriptTest, EvaluateIsVectorisedOverTheDatasetsColumns) {
  Session s;
  s.run(
      "let d = dataset({x1: [1.0, 2.0, 3.0], x0: [0.0, 1.0, 2.0]})\n"
      "let y = evaluate(expr(\"x0 * x1 + 1\"), d)");
  EXPECT_EQ(s.eval("y.names").repr(), "[\"y\"]");
  EXPECT_EQ(s.eval("column(y, 0)").repr(), "[1.0, 3.0, 7.0]");
  s.run("let z = evaluate([expr(\"x0\"), expr(\"sin(x1) * 0\")], d, name: \"z\")");
  EXPECT_EQ(s.eval("z.names").repr(), "[\"z0\", \"z1\"]");
  EXPECT_EQ(s.eval("column(z, \"z0\")").repr(), "[0.0, 1.0, 2.0]");
  EXPECT_EQ(s.eval("column(z, \"z1\")").repr(), "[0.0, 0.0, 0.0]");
  EXPECT_EQ(s.eval("evaluate(expr(\"x0\"), d, name: \"q\").names").repr(), "[\"q\"]");
  // No variables at all: a constant column.
  EXPECT_EQ(s.eval("column(evaluate(expr(\"2 ^ 3\"), d), 0)").repr(), "[8.0, 8.0, 8.0]");
  EXPECT_EQ(s.eval("column(evaluate(simplify(expr(\"x0 - x0 + 1\")), d), 0)").repr(),
            "[1.0, 1.0, 1.0]");
}

TEST(ExpressionScriptTest, SimplifyAndLatex) {
  EXPECT_EQ(repr_of("simplify(expr(\"x * 1 + 0\"))"), "x");
  EXPECT_EQ(repr_of("simplify(expr(\"x - x + 2 * 3\"))"), "6");
  EXPECT_EQ(repr_of("simplify([expr(\"a + 0\"), expr(\"b * 1\")])"), "[a, b]");
  EXPECT_NE(repr_of("latex(expr(\"x / y\"))").find("\\\\frac"), std::string::npos)
      << repr_of("latex(expr(\"x / y\"))");
}

TEST(ExpressionScriptTest, ExportsReturnTextOrWriteItAtomically) {
  const std::string dir = temp_dir("symreg_exports");
  Session s;
  s.run("let eqs = [expr(\"x0 + x1\"), expr(\"sin(x0)\")]");
  const std::string c = s.eval("to_c(eqs, name: \"latent\")").as_string();
  EXPECT_NE(c.find("double latent0("), std::string::npos) << c;
  EXPECT_NE(c.find("double latent1("), std::string::npos) << c;
  EXPECT_EQ(s.eval("to_c(eqs, name: [\"a\", \"b\"])").as_string(),
            to_c_file({*bindings::as_expression(s.eval("eqs[0]")),
                       *bindings::as_expression(s.eval("eqs[1]"))},
                      {"a", "b"}));
  s.run("to_c(eqs, name: \"latent\", path: \"" + dir + "/eqs.c\")");
  EXPECT_EQ(read_text(dir + "/eqs.c"), c);
  const std::string lua = s.eval("to_lua(eqs)").as_string();
  EXPECT_NE(lua.find("[\"f0\"]"), std::string::npos) << lua;
  s.run("to_lua(eqs[1], path: \"" + dir + "/f.lua\")");
  EXPECT_EQ(read_text(dir + "/f.lua"), to_lua_function(*bindings::as_expression(s.eval("eqs[1]"))));
}

TEST(ExpressionScriptTest, ParseErrorsPointAtTheArgument) {
  Session s;
  const Diagnostic d = s.error("let e = expr(\"x0 * \")");
  EXPECT_EQ(d.location.line, 1);
  EXPECT_EQ(d.location.column, 14);  // the string argument
  EXPECT_NE(d.message.find("expr(): column"), std::string::npos) << d.message;

  const std::string unknown = error_of("expr(\"sine(x)\")");
  EXPECT_NE(unknown.find("unknown primitive 'sine'; did you mean 'sin'?"), std::string::npos)
      << unknown;
  EXPECT_NE(error_of("expr(\"x % 2\")").find("operator '%' is not part of an expression"),
            std::string::npos);
  EXPECT_NE(error_of("expr(\"sin(x, y)\")").find("sin() takes 1 argument, got 2"),
            std::string::npos);
  EXPECT_NE(error_of("expr(\"[x]\")").find("numbers, variable names"), std::string::npos);
  EXPECT_NE(error_of("expr(\"a + rate\", variables: [\"a\", \"rates\"])")
                .find("unknown variable 'rate'; did you mean 'rates'?"),
            std::string::npos);
  // Two-letter names tolerate only a case difference: `bb` is not called a typo of `b`.
  EXPECT_NE(error_of("expr(\"a + bb\", variables: [\"a\", \"b\"])")
                .find("unknown variable 'bb' (variables: a, b)"),
            std::string::npos);
}

TEST(ExpressionScriptTest, MisuseIsAClearError) {
  EXPECT_NE(error_of("evaluate(expr(\"x + w\"), dataset({x: [1.0]}))")
                .find("variable 'w' is not a column of the dataset"),
            std::string::npos)
      << error_of("evaluate(expr(\"x + w\"), dataset({x: [1.0]}))");
  EXPECT_NE(error_of("simplify(3)").find("expected an expression"), std::string::npos);
  EXPECT_NE(error_of("expr(\"x\") + \"s\"").find("cannot add expression and string"),
            std::string::npos)
      << error_of("expr(\"x\") + \"s\"");
  const std::string not_regressor =
      error_of("symreg(dataset({x: [1.0, 2.0]}), dataset({y: [1.0, 2.0]}), 5)");
  EXPECT_NE(not_regressor.find("expected a symbolic regressor"), std::string::npos)
      << not_regressor;
}

}  // namespace
}  // namespace ael::test

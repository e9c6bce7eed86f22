// Export as self-contained C: double-precision functions plus static helpers that
// reproduce AEL's protected primitives exactly (same rules as expr/primitives.hpp).
#include <set>

#include "ael/diagnostic.hpp"
#include "expr/identifiers.hpp"
#include "expr/printer.hpp"

namespace ael {
namespace {

const std::set<std::string>& c_reserved() {
  static const std::set<std::string> words = {
      "auto",        "break",      "case",     "char",       "const",    "continue", "default",
      "do",          "double",     "else",     "enum",       "extern",   "float",    "for",
      "goto",        "if",         "inline",   "int",        "long",     "register", "restrict",
      "return",      "short",      "signed",   "sizeof",     "static",   "struct",   "switch",
      "typedef",     "union",      "unsigned", "void",       "volatile", "while",    "_Bool",
      "_Complex",    "_Imaginary", "sin",      "cos",        "tan",      "exp",      "log",
      "sqrt",        "pow",        "fabs",     "tanh",       "main",     "ael_div",  "ael_exp",
      "ael_log",     "ael_sqrt",   "ael_pow",  "ael_square", "ael_cube", "ael_max",  "ael_min",
      "ael_sigmoid", "DBL_MAX"};
  return words;
}

struct CHelper {
  ExprOp op;
  const char* code;
};

// One helper per protected or composite primitive; the bodies mirror Prims<T, Libm>.
const CHelper kCHelpers[] = {
    {ExprOp::Div,
     "static double ael_div(double a, double b) {\n"
     "  double q = a / b;\n"
     "  return fabs(q) <= DBL_MAX ? q : 1.0; /* 1 when a / b is not finite */\n"
     "}\n"},
    {ExprOp::Exp, "static double ael_exp(double a) { return exp(a < 100.0 ? a : 100.0); }\n"},
    {ExprOp::Log,
     "static double ael_log(double a) {\n"
     "  if (!(a > 0.0)) return 0.0; /* 0 for a <= 0 and NaN */\n"
     "  return log(a < DBL_MAX ? a : DBL_MAX);\n"
     "}\n"},
    {ExprOp::Sqrt,
     "static double ael_sqrt(double a) {\n"
     "  double s = a >= 0.0 ? a : 0.0; /* 0 for a < 0 and NaN */\n"
     "  return sqrt(s < DBL_MAX ? s : DBL_MAX);\n"
     "}\n"},
    {ExprOp::Pow,
     "static double ael_pow(double a, double b) {\n"
     "  double r = pow(a, b);\n"
     "  return fabs(r) <= DBL_MAX ? r : 1.0; /* 1 when pow is not finite */\n"
     "}\n"},
    {ExprOp::Square, "static double ael_square(double a) { return a * a; }\n"},
    {ExprOp::Cube, "static double ael_cube(double a) { return (a * a) * a; }\n"},
    {ExprOp::Max, "static double ael_max(double a, double b) { return a < b ? b : a; }\n"},
    {ExprOp::Min, "static double ael_min(double a, double b) { return b < a ? b : a; }\n"},
    {ExprOp::Sigmoid, "static double ael_sigmoid(double a) { return 1.0 / (1.0 + exp(-a)); }\n"},
};

expr::Syntax make_c_syntax() {
  using namespace expr;
  Syntax s;
  auto set = [&s](ExprOp op, OpFormat f) { s.ops[static_cast<std::size_t>(op)] = std::move(f); };
  set(ExprOp::Add, infix_left(kPrecAdd, " + "));
  set(ExprOp::Sub, infix_left(kPrecAdd, " - "));
  set(ExprOp::Mul, infix_left(kPrecMul, " * "));
  // C's unary minus binds tighter than *; its operand is an atom (never "--x").
  set(ExprOp::Neg, prefix(kPrecUnary, "-", kPrecAtom));
  set(ExprOp::Div, call2("ael_div"));
  set(ExprOp::Pow, call2("ael_pow"));
  set(ExprOp::Max, call2("ael_max"));
  set(ExprOp::Min, call2("ael_min"));
  set(ExprOp::Exp, call1("ael_exp"));
  set(ExprOp::Log, call1("ael_log"));
  set(ExprOp::Sqrt, call1("ael_sqrt"));
  set(ExprOp::Square, call1("ael_square"));
  set(ExprOp::Cube, call1("ael_cube"));
  set(ExprOp::Sigmoid, call1("ael_sigmoid"));
  set(ExprOp::Sin, call1("sin"));
  set(ExprOp::Cos, call1("cos"));
  set(ExprOp::Tan, call1("tan"));
  set(ExprOp::Tanh, call1("tanh"));
  set(ExprOp::Abs, call1("fabs"));
  s.constant = [](double v) {
    return std::make_pair(expr::float_literal(v), v < 0 ? int(kPrecUnary) : int(kPrecAtom));
  };
  return s;
}

std::string c_function(const Expression& e, const std::string& name) {
  if (!expr::is_identifier(name, c_reserved())) {
    throw Error("'" + name + "' is not a valid name for an exported C function");
  }
  static const expr::Syntax base = make_c_syntax();
  const std::vector<std::string> ids = expr::make_identifiers(e.variables(), c_reserved());
  expr::Syntax s = base;
  s.variable = [&ids](int v) { return ids[static_cast<std::size_t>(v)]; };
  std::string params;
  for (const std::string& id : ids) params += (params.empty() ? "double " : ", double ") + id;
  if (params.empty()) params = "void";
  std::string out = "/* " + to_infix(e) + " */\n";
  out += "double " + name + "(" + params + ") {\n";
  std::vector<bool> used(ids.size(), false);
  for (const ExprNode& n : e.nodes()) {
    if (n.op == ExprOp::Variable) used[n.variable] = true;
  }
  for (std::size_t v = 0; v < ids.size(); ++v) {
    if (!used[v]) out += "  (void)" + ids[v] + ";\n";  // silences -Wunused-parameter
  }
  out += "  return " + expr::print_infix(e, s) + ";\n}\n";
  return out;
}

std::string c_preamble(const std::vector<Expression>& expressions) {
  std::string out =
      "/* Generated by AEL. Protected primitives follow AEL's rules (docs/expressions.md):\n"
      "   div -> 1 when not finite, exp clamps at exp(100), log/sqrt -> 0 outside their\n"
      "   domain, pow -> 1 when not finite. Compile with a C99 compiler, link with -lm. */\n"
      "#include <float.h>\n#include <math.h>\n\n";
  for (const CHelper& h : kCHelpers) {
    bool used = false;
    for (const Expression& e : expressions) {
      for (const ExprNode& n : e.nodes()) used = used || n.op == h.op;
    }
    if (used) out += h.code;
  }
  return out + "\n";
}

}  // namespace

std::string to_c_function(const Expression& expression, const std::string& name) {
  return c_preamble({expression}) + c_function(expression, name);
}

std::string to_c_file(const std::vector<Expression>& expressions,
                      const std::vector<std::string>& names) {
  if (expressions.size() != names.size()) {
    throw Error("to_c_file: " + std::to_string(expressions.size()) + " expressions but " +
                std::to_string(names.size()) + " names");
  }
  std::set<std::string> seen;
  for (const std::string& name : names) {
    if (!seen.insert(name).second) throw Error("to_c_file: duplicate function name '" + name + "'");
  }
  std::string out = c_preamble(expressions);
  for (std::size_t i = 0; i < expressions.size(); ++i) {
    out += c_function(expressions[i], names[i]) + (i + 1 < names.size() ? "\n" : "");
  }
  return out;
}

}  // namespace ael

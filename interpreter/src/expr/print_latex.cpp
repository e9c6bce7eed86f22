// LaTeX math for papers and notebooks.
#include <cctype>

#include "expr/printer.hpp"

namespace ael {
namespace {

std::string latex_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '_' || c == '%' || c == '&' || c == '#' || c == '$' || c == '{' || c == '}') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

/// "x" -> "x", "x0" -> "x_{0}", "z12" -> "z_{12}", "lat2" -> "\mathrm{lat}_{2}",
/// anything else -> "\mathrm{...}" with LaTeX specials escaped.
std::string latex_variable(const std::string& name) {
  std::size_t letters = 0;
  while (letters < name.size() && std::isalpha(static_cast<unsigned char>(name[letters]))) {
    ++letters;
  }
  std::size_t end = letters;
  while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end]))) ++end;
  const bool letters_then_digits = letters > 0 && end == name.size();
  if (letters_then_digits) {
    const std::string head =
        letters == 1 ? name.substr(0, 1) : "\\mathrm{" + name.substr(0, letters) + "}";
    return end > letters ? head + "_{" + name.substr(letters) + "}" : head;
  }
  return "\\mathrm{" + latex_escape(name) + "}";
}

std::pair<std::string, int> latex_constant(double v) {
  using namespace expr;
  const std::string text = format_constant(v);
  const std::size_t e = text.find('e');
  if (e == std::string::npos) return {text, v < 0 ? int(kPrecUnary) : int(kPrecAtom)};
  std::string mantissa = text.substr(0, e);
  const std::string power = "10^{" + text.substr(e + 1) + "}";
  if (mantissa == "1") return {power, kPrecPow};
  if (mantissa == "-1") return {"-" + power, kPrecUnary};
  return {mantissa + " \\cdot " + power, v < 0 ? int(kPrecAdd) : int(kPrecMul)};
}

expr::Syntax make_latex_syntax() {
  using namespace expr;
  Syntax s;
  s.open = "\\left(";
  s.close = "\\right)";
  auto fn = [](const std::string& name) { return wrap1(kPrecAtom, name + "\\left(", "\\right)"); };
  auto fn2 = [](const std::string& name) {
    return OpFormat{
        kPrecAtom,
        {{name + "\\left(", -1, 0}, {"", 0, 0}, {", ", -1, 0}, {"", 1, 0}, {"\\right)", -1, 0}}};
  };
  auto set = [&s](ExprOp op, OpFormat f) { s.ops[static_cast<std::size_t>(op)] = std::move(f); };
  set(ExprOp::Add, infix_left(kPrecAdd, " + "));
  set(ExprOp::Sub, infix_left(kPrecAdd, " - "));
  set(ExprOp::Mul, infix_left(kPrecMul, " \\cdot "));
  set(ExprOp::Div,
      {kPrecAtom, {{"\\frac{", -1, 0}, {"", 0, 0}, {"}{", -1, 0}, {"", 1, 0}, {"}", -1, 0}}});
  set(ExprOp::Neg, prefix(kPrecUnary, "-", kPrecPow));
  set(ExprOp::Pow,
      {kPrecPow, {{"{", -1, 0}, {"", 0, kPrecPow + 1}, {"}^{", -1, 0}, {"", 1, 0}, {"}", -1, 0}}});
  set(ExprOp::Square, wrap1(kPrecPow, "{", "}^{2}", kPrecPow + 1));
  set(ExprOp::Cube, wrap1(kPrecPow, "{", "}^{3}", kPrecPow + 1));
  set(ExprOp::Exp, wrap1(kPrecPow, "e^{", "}"));
  set(ExprOp::Sqrt, wrap1(kPrecAtom, "\\sqrt{", "}"));
  set(ExprOp::Abs, wrap1(kPrecAtom, "\\left|", "\\right|"));
  set(ExprOp::Sin, fn("\\sin"));
  set(ExprOp::Cos, fn("\\cos"));
  set(ExprOp::Tan, fn("\\tan"));
  set(ExprOp::Tanh, fn("\\tanh"));
  set(ExprOp::Log, fn("\\log"));
  set(ExprOp::Sigmoid, fn("\\sigma"));
  set(ExprOp::Max, fn2("\\max"));
  set(ExprOp::Min, fn2("\\min"));
  s.constant = latex_constant;
  return s;
}

}  // namespace

std::string to_latex(const Expression& expression) {
  static const expr::Syntax base = make_latex_syntax();
  expr::Syntax s = base;
  std::vector<std::string> names;
  for (const std::string& name : expression.variables()) names.push_back(latex_variable(name));
  s.variable = [&names](int v) { return names[static_cast<std::size_t>(v)]; };
  return expr::print_infix(expression, s);
}

}  // namespace ael

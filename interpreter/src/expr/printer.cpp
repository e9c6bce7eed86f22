#include "expr/printer.hpp"

#include <cstdio>
#include <cstdlib>

namespace ael::expr {

OpFormat infix_left(int prec, const std::string& symbol) {
  // The right operand needs one level more: a - (b - c) keeps its parentheses.
  return {prec, {{"", 0, prec}, {symbol, -1, 0}, {"", 1, prec + 1}}};
}

OpFormat prefix(int prec, const std::string& symbol, int operand_min_prec) {
  return {prec, {{symbol, -1, 0}, {"", 0, operand_min_prec}}};
}

OpFormat call1(const std::string& name) {
  return {kPrecAtom, {{name + "(", -1, 0}, {"", 0, 0}, {")", -1, 0}}};
}

OpFormat call2(const std::string& name) {
  return {kPrecAtom, {{name + "(", -1, 0}, {"", 0, 0}, {", ", -1, 0}, {"", 1, 0}, {")", -1, 0}}};
}

OpFormat wrap1(int prec, const std::string& before, const std::string& after,
               int operand_min_prec) {
  return {prec, {{before, -1, 0}, {"", 0, operand_min_prec}, {after, -1, 0}}};
}

namespace {

struct Printed {
  std::string text;
  int prec;
};

class Printer {
 public:
  Printer(const Expression& e, const Syntax& s) : e_(e), s_(s) {}

  Printed print(std::size_t index) const {
    const ExprNode& n = e_.nodes()[index];
    if (n.op == ExprOp::Variable) return {s_.variable(n.variable), kPrecAtom};
    if (n.op == ExprOp::Constant) {
      auto [text, prec] = s_.constant(n.value);
      return {std::move(text), prec};
    }
    const std::vector<std::size_t> kids = e_.children(index);
    const OpFormat& format = s_.ops[static_cast<std::size_t>(n.op)];
    std::string out;
    for (const Piece& piece : format.pieces) {
      if (piece.arg < 0) {
        out += piece.text;
        continue;
      }
      out += piece.text;
      Printed child = print(kids[static_cast<std::size_t>(piece.arg)]);
      if (child.prec < piece.min_prec) {
        out += s_.open + child.text + s_.close;
      } else {
        out += child.text;
      }
    }
    return {std::move(out), format.prec};
  }

 private:
  const Expression& e_;
  const Syntax& s_;
};

}  // namespace

std::string print_infix(const Expression& expression, const Syntax& syntax) {
  return Printer(expression, syntax).print(expression.root()).text;
}

std::string float_literal(double value) {
  std::string text = format_constant(value);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

}  // namespace ael::expr

namespace ael {

std::string format_constant(double value) {
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  // Tidy the exponent: "1e-05" -> "1e-5", "2.5e+20" -> "2.5e20".
  std::string text = buf;
  const std::size_t e = text.find('e');
  if (e != std::string::npos) {
    std::string mantissa = text.substr(0, e);
    std::string exponent = text.substr(e + 1);
    bool negative = false;
    if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) {
      negative = exponent[0] == '-';
      exponent.erase(0, 1);
    }
    while (exponent.size() > 1 && exponent[0] == '0') exponent.erase(0, 1);
    text = mantissa + "e" + (negative ? "-" : "") + exponent;
  }
  return text;
}

}  // namespace ael

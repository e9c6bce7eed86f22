// AEL infix: the text the AEL parser reads back into the same tree.
#include "expr/printer.hpp"

namespace ael {
namespace {

expr::Syntax make_ael_syntax() {
  using namespace expr;
  Syntax s;
  for (ExprOp op : expr_primitives()) {
    const ExprOpInfo& info = expr_op_info(op);
    s.ops[static_cast<std::size_t>(op)] = info.arity == 1 ? call1(info.name) : call2(info.name);
  }
  auto set = [&s](ExprOp op, OpFormat f) { s.ops[static_cast<std::size_t>(op)] = std::move(f); };
  set(ExprOp::Add, infix_left(kPrecAdd, " + "));
  set(ExprOp::Sub, infix_left(kPrecAdd, " - "));
  set(ExprOp::Mul, infix_left(kPrecMul, " * "));
  set(ExprOp::Div, infix_left(kPrecMul, " / "));
  // -x ^ 2 is -(x ^ 2) in AEL; a unary operand is parenthesised (-(-x), never --x).
  set(ExprOp::Neg, prefix(kPrecUnary, "-", kPrecPow));
  // Right-associative: a ^ b ^ c is a ^ (b ^ c); a unary base or exponent gets
  // parentheses: (-x) ^ 2, x ^ (-2).
  set(ExprOp::Pow, {kPrecPow, {{"", 0, kPrecPow + 1}, {" ^ ", -1, 0}, {"", 1, kPrecPow}}});
  s.constant = [](double v) {
    return std::make_pair(format_constant(v), v < 0 ? int(kPrecUnary) : int(kPrecAtom));
  };
  return s;
}

}  // namespace

std::string to_infix(const Expression& expression) {
  static const expr::Syntax base = make_ael_syntax();
  expr::Syntax s = base;
  const auto& names = expression.variables();
  s.variable = [&names](int v) { return names[static_cast<std::size_t>(v)]; };
  return expr::print_infix(expression, s);
}

}  // namespace ael

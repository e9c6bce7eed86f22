// The per-row reference evaluator: a plain stack machine over the postfix program.
//
// With FastPrims it computes exactly what the vectorised evaluator computes (the tests
// check bit equality); with LibmPrims it computes what the exported C and Lua code
// computes. Also used for one-off rows (Expression::evaluate_row) and constant folding.
#pragma once

#include <vector>

#include "ael/diagnostic.hpp"
#include "ael/expression.hpp"
#include "expr/primitives.hpp"

namespace ael::expr {

template <class P, class T>
T apply_unary(ExprOp op, T a) {
  switch (op) {
    case ExprOp::Neg:
      return P::neg(a);
    case ExprOp::Sin:
      return P::sin(a);
    case ExprOp::Cos:
      return P::cos(a);
    case ExprOp::Tan:
      return P::tan(a);
    case ExprOp::Exp:
      return P::exp(a);
    case ExprOp::Log:
      return P::log(a);
    case ExprOp::Sqrt:
      return P::sqrt(a);
    case ExprOp::Square:
      return P::square(a);
    case ExprOp::Cube:
      return P::cube(a);
    case ExprOp::Tanh:
      return P::tanh(a);
    case ExprOp::Abs:
      return P::abs(a);
    case ExprOp::Sigmoid:
      return P::sigmoid(a);
    default:
      throw Error(std::string("'") + expr_op_info(op).name + "' is not unary");
  }
}

template <class P, class T>
T apply_binary(ExprOp op, T a, T b) {
  switch (op) {
    case ExprOp::Add:
      return P::add(a, b);
    case ExprOp::Sub:
      return P::sub(a, b);
    case ExprOp::Mul:
      return P::mul(a, b);
    case ExprOp::Div:
      return P::div(a, b);
    case ExprOp::Pow:
      return P::pow(a, b);
    case ExprOp::Max:
      return P::max(a, b);
    case ExprOp::Min:
      return P::min(a, b);
    default:
      throw Error(std::string("'") + expr_op_info(op).name + "' is not binary");
  }
}

/// Evaluates one row; x[v] is the value of variable v. `stack` is reused scratch.
template <class P, class T>
T evaluate_row(ExprProgram program, const T* x, std::vector<T>& stack) {
  stack.clear();
  for (std::size_t i = 0; i < program.size; ++i) {
    const ExprNode& n = program.nodes[i];
    switch (n.arity) {
      case 0:
        stack.push_back(n.op == ExprOp::Variable ? x[n.variable] : static_cast<T>(n.value));
        break;
      case 1:
        stack.back() = apply_unary<P>(n.op, stack.back());
        break;
      default: {
        const T b = stack.back();
        stack.pop_back();
        stack.back() = apply_binary<P>(n.op, stack.back(), b);
      }
    }
  }
  return stack.back();
}

}  // namespace ael::expr

// The primitive table: names, arities and the one-line rule of every opcode.
#include <array>

#include "ael/expression.hpp"

namespace ael {
namespace {

constexpr std::array<ExprOpInfo, kExprOpCount> kOps = {{
    {ExprOp::Constant, "constant", 0, false, "a finite constant"},
    {ExprOp::Variable, "variable", 0, false, "an input variable"},
    {ExprOp::Add, "add", 2, true, "a + b"},
    {ExprOp::Sub, "sub", 2, false, "a - b"},
    {ExprOp::Mul, "mul", 2, true, "a * b"},
    {ExprOp::Div, "div", 2, false, "a / b, or 1 when a / b is not finite (b = 0, overflow, NaN)"},
    {ExprOp::Neg, "neg", 1, false, "-a"},
    {ExprOp::Sin, "sin", 1, false, "sin(a)"},
    {ExprOp::Cos, "cos", 1, false, "cos(a)"},
    {ExprOp::Tan, "tan", 1, false, "tan(a)"},
    {ExprOp::Exp, "exp", 1, false,
     "exp(a < 100 ? a : 100) in float64 (88 in float32); NaN gives exp(100)"},
    {ExprOp::Log, "log", 1, false,
     "log(min(a, largest finite)) for a > 0, 0 otherwise (NaN included)"},
    {ExprOp::Sqrt, "sqrt", 1, false,
     "sqrt(min(a, largest finite)) for a >= 0, 0 otherwise (NaN included)"},
    {ExprOp::Square, "square", 1, false, "a * a"},
    {ExprOp::Cube, "cube", 1, false, "(a * a) * a"},
    {ExprOp::Tanh, "tanh", 1, false, "tanh(a)"},
    {ExprOp::Abs, "abs", 1, false, "|a|"},
    {ExprOp::Pow, "pow", 2, false, "a ^ b (C pow), or 1 when that is not finite"},
    {ExprOp::Max, "max", 2, true, "a < b ? b : a"},
    {ExprOp::Min, "min", 2, true, "b < a ? b : a"},
    {ExprOp::Sigmoid, "sigmoid", 1, false, "1 / (1 + exp(-a))"},
}};

constexpr bool table_in_enum_order() {
  for (std::size_t i = 0; i < kOps.size(); ++i) {
    if (static_cast<std::size_t>(kOps[i].op) != i) return false;
  }
  return true;
}
static_assert(table_in_enum_order(), "kOps must list the opcodes in enum order");

}  // namespace

const ExprOpInfo& expr_op_info(ExprOp op) { return kOps[static_cast<std::size_t>(op)]; }

std::optional<ExprOp> expr_op_from_name(std::string_view name) {
  for (const ExprOpInfo& info : kOps) {
    if (info.arity > 0 && name == info.name) return info.op;
  }
  return std::nullopt;
}

const std::vector<ExprOp>& expr_primitives() {
  static const std::vector<ExprOp> primitives = [] {
    std::vector<ExprOp> ops;
    for (const ExprOpInfo& info : kOps) {
      if (info.arity > 0) ops.push_back(info.op);
    }
    return ops;
  }();
  return primitives;
}

}  // namespace ael

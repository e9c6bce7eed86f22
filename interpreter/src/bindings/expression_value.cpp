#include "bindings/expression_value.hpp"

#include <algorithm>
#include <cmath>

#include "ael/diagnostic.hpp"

namespace ael::bindings {
namespace {

std::optional<ExprOp> arithmetic_op(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add:
      return ExprOp::Add;
    case BinaryOp::Sub:
      return ExprOp::Sub;
    case BinaryOp::Mul:
      return ExprOp::Mul;
    case BinaryOp::Div:
      return ExprOp::Div;
    case BinaryOp::Pow:
      return ExprOp::Pow;
    default:
      return std::nullopt;
  }
}

std::vector<std::string> union_of(const std::vector<std::string>& a,
                                  const std::vector<std::string>& b) {
  std::vector<std::string> out = a;
  for (const std::string& name : b) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

Value list_of(const std::vector<std::string>& names) {
  List out;
  for (const std::string& n : names) out.emplace_back(n);
  return Value(std::move(out));
}

}  // namespace

std::optional<Expression> combine(BinaryOp op, const Expression& a, const Expression& b) {
  const std::optional<ExprOp> code = arithmetic_op(op);
  if (!code) return std::nullopt;
  ExpressionBuilder builder(union_of(a.variables(), b.variables()));
  builder.push(a).push(b).op(*code);
  return builder.build();
}

std::string ExpressionValue::repr() const { return to_infix(expression_); }

std::optional<Value> ExpressionValue::field(std::string_view name) const {
  const Expression& e = expression_;
  if (name == "size" || name == "complexity") return Value(e.size());
  if (name == "depth") return Value(e.depth());
  if (name == "variables") return list_of(e.variables());
  if (name == "constants") {
    List out;
    for (double c : e.constants()) out.emplace_back(c);
    return Value(std::move(out));
  }
  if (name == "infix") return Value(to_infix(e));
  if (name == "latex") return Value(to_latex(e));
  if (name == "c") return Value(to_c_function(e, "f"));
  if (name == "lua") return Value(to_lua_function(e));
  return std::nullopt;
}

std::vector<std::string> ExpressionValue::field_names() const {
  return {"size", "complexity", "depth", "variables", "constants", "infix", "latex", "c", "lua"};
}

std::optional<Value> ExpressionValue::binary(BinaryOp op, const Value& other,
                                             bool self_on_left) const {
  std::optional<Expression> rhs;
  if (const Expression* e = as_expression(other)) {
    rhs = *e;
  } else if (other.is_number()) {
    const double v = other.as_number();
    if (!std::isfinite(v)) {
      throw Error("an expression's constants must be finite, got " + other.repr());
    }
    rhs = Expression::constant(v);
  } else {
    return std::nullopt;
  }
  const std::optional<Expression> out =
      self_on_left ? combine(op, expression_, *rhs) : combine(op, *rhs, expression_);
  if (!out) return std::nullopt;
  return make_expression(*out);
}

std::optional<Value> ExpressionValue::negate() const {
  ExpressionBuilder builder(expression_.variables());
  builder.push(expression_).op(ExprOp::Neg);
  return make_expression(builder.build());
}

std::optional<Value> ExpressionValue::math(std::string_view function) const {
  const std::optional<ExprOp> op = expr_op_from_name(function);
  if (!op || expr_op_info(*op).arity != 1) return std::nullopt;
  ExpressionBuilder builder(expression_.variables());
  builder.push(expression_).op(*op);
  return make_expression(builder.build());
}

bool ExpressionValue::equals(const Object& other) const {
  const auto* e = dynamic_cast<const ExpressionValue*>(&other);
  return e != nullptr && e->expression_ == expression_;
}

Value make_expression(Expression expression) {
  return Value(std::make_shared<ExpressionValue>(std::move(expression)));
}

const Expression* as_expression(const Value& v) {
  if (!v.is_object()) return nullptr;
  const auto* e = dynamic_cast<const ExpressionValue*>(v.as_object().get());
  return e ? &e->expression() : nullptr;
}

}  // namespace ael::bindings

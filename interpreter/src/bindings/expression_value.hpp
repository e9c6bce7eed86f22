// The script-level symbolic expression: an ael::Expression as a value.
//
//   let e = expr("x0 * sin(x1) + 1")     parse AEL syntax (symreg_builtins.cpp)
//   e                                    prints as readable infix: x0 * sin(x1) + 1
//   e.size, e.depth, e.variables         node count, height, input names
//   e.constants                          the constants in postfix order
//   e.latex, e.c, e.lua                  LaTeX, a C function `f`, a Lua chunk
//   sin(e), e + 1, 2 * e, e * e, -e, e ^ 2   new expressions (composition in scripts)
//   e == expr("x0 * sin(x1) + 1")        structural equality
//
// Composing two expressions matches their variables by name: the result's variables are
// the left operand's followed by the right operand's new ones.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ael/expression.hpp"
#include "ael/value.hpp"

namespace ael::bindings {

class ExpressionValue : public Object {
 public:
  explicit ExpressionValue(Expression expression) : expression_(std::move(expression)) {}

  const Expression& expression() const { return expression_; }

  std::string type_name() const override { return "expression"; }
  std::string repr() const override;
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;
  std::optional<Value> binary(BinaryOp op, const Value& other, bool self_on_left) const override;
  std::optional<Value> negate() const override;
  std::optional<Value> math(std::string_view function) const override;
  bool equals(const Object& other) const override;

 private:
  Expression expression_;
};

/// Wraps an expression as a script value.
Value make_expression(Expression expression);
/// The expression inside a value, or nullptr when it is something else.
const Expression* as_expression(const Value& v);

/// `a op b` for the arithmetic operators an expression has (+ - * / ^), variables matched
/// by name; std::nullopt for any other operator.
std::optional<Expression> combine(BinaryOp op, const Expression& a, const Expression& b);

}  // namespace ael::bindings

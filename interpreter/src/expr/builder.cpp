// ExpressionBuilder: postfix construction with checks at every push.
#include <algorithm>
#include <cmath>

#include "ael/diagnostic.hpp"
#include "ael/expression.hpp"

namespace ael {

ExpressionBuilder::ExpressionBuilder(std::vector<std::string> variables)
    : variables_(std::move(variables)) {}

ExpressionBuilder& ExpressionBuilder::constant(double value) {
  if (!std::isfinite(value)) throw Error("an expression constant must be finite");
  nodes_.push_back(ExprNode::constant(value));
  stack_sizes_.push_back(1);
  return *this;
}

ExpressionBuilder& ExpressionBuilder::variable(int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= variables_.size()) {
    throw Error("expression variable index " + std::to_string(index) + " is out of range (" +
                std::to_string(variables_.size()) + " variables)");
  }
  nodes_.push_back(ExprNode::var(index));
  stack_sizes_.push_back(1);
  return *this;
}

ExpressionBuilder& ExpressionBuilder::variable(std::string_view name) {
  const auto it = std::find(variables_.begin(), variables_.end(), name);
  if (it == variables_.end()) {
    throw Error("unknown expression variable '" + std::string(name) + "'");
  }
  return variable(static_cast<int>(it - variables_.begin()));
}

ExpressionBuilder& ExpressionBuilder::op(ExprOp op) {
  const ExprNode node = ExprNode::primitive(op);
  if (stack_sizes_.size() < node.arity) {
    throw Error(std::string("'") + expr_op_info(op).name + "' needs " + std::to_string(node.arity) +
                " operands, the builder holds " + std::to_string(stack_sizes_.size()));
  }
  std::size_t size = 1;
  for (int k = 0; k < node.arity; ++k) {
    size += stack_sizes_.back();
    stack_sizes_.pop_back();
  }
  nodes_.push_back(node);
  nodes_.back().size = static_cast<std::uint32_t>(size);
  stack_sizes_.push_back(size);
  return *this;
}

ExpressionBuilder& ExpressionBuilder::op(std::string_view name) {
  const std::optional<ExprOp> found = expr_op_from_name(name);
  if (!found) throw Error("unknown expression primitive '" + std::string(name) + "'");
  return op(*found);
}

ExpressionBuilder& ExpressionBuilder::push(const Expression& expression) {
  for (const ExprNode& n : expression.nodes()) {
    if (n.op == ExprOp::Variable) {
      variable(expression.variables()[n.variable]);
    } else if (n.op == ExprOp::Constant) {
      constant(n.value);
    } else {
      op(n.op);
    }
  }
  return *this;
}

Expression ExpressionBuilder::build() const {
  if (stack_sizes_.size() != 1) {
    throw Error("an expression builder must hold exactly one value to build, it holds " +
                std::to_string(stack_sizes_.size()));
  }
  return Expression(nodes_, variables_);
}

}  // namespace ael

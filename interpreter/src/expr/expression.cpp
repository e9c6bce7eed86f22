// Expression: validation, structure queries, equality and hashing.
#include "ael/expression.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "ael/diagnostic.hpp"

namespace ael {

ExprNode ExprNode::constant(double value) {
  ExprNode n;
  n.op = ExprOp::Constant;
  n.value = value == 0.0 ? 0.0 : value;  // one zero: -0 and +0 compare and hash alike
  return n;
}

ExprNode ExprNode::var(int index) {
  if (index < 0 || index > 0xFFFF) {
    throw Error("expression variable index " + std::to_string(index) + " is out of range");
  }
  ExprNode n;
  n.op = ExprOp::Variable;
  n.variable = static_cast<std::uint16_t>(index);
  return n;
}

ExprNode ExprNode::primitive(ExprOp op) {
  const ExprOpInfo& info = expr_op_info(op);
  if (info.arity == 0) {
    throw Error(std::string("'") + info.name + "' is a terminal, not a primitive");
  }
  ExprNode n;
  n.op = op;
  n.arity = static_cast<std::uint8_t>(info.arity);
  return n;
}

bool ExprNode::operator==(const ExprNode& other) const {
  if (op != other.op || arity != other.arity) return false;
  if (op == ExprOp::Variable) return variable == other.variable;
  if (op == ExprOp::Constant) {
    return std::memcmp(&value, &other.value, sizeof value) == 0;
  }
  return true;
}

void expr_update_sizes(std::vector<ExprNode>& nodes) {
  if (nodes.empty()) throw Error("an expression needs at least one node");
  std::vector<std::uint32_t> stack;
  stack.reserve(64);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    ExprNode& n = nodes[i];
    if (static_cast<std::size_t>(n.op) >= static_cast<std::size_t>(kExprOpCount)) {
      throw Error("expression node " + std::to_string(i) + " has an unknown opcode");
    }
    const int arity = expr_op_info(n.op).arity;
    if (n.arity != arity) {
      throw Error("expression node " + std::to_string(i) + " ('" + expr_op_info(n.op).name +
                  "') has arity " + std::to_string(n.arity) + ", expected " +
                  std::to_string(arity));
    }
    if (stack.size() < static_cast<std::size_t>(arity)) {
      throw Error("expression node " + std::to_string(i) + " ('" + expr_op_info(n.op).name +
                  "') needs " + std::to_string(arity) + " operands, the stack holds " +
                  std::to_string(stack.size()));
    }
    std::uint32_t size = 1;
    for (int k = 0; k < arity; ++k) {
      size += stack.back();
      stack.pop_back();
    }
    n.size = size;
    stack.push_back(size);
  }
  if (stack.size() != 1) {
    throw Error("a postfix expression must leave exactly one value, it leaves " +
                std::to_string(stack.size()));
  }
}

int expr_depth(const ExprNode* nodes, std::size_t count) {
  std::vector<int> heights;
  heights.reserve(64);
  for (std::size_t i = 0; i < count; ++i) {
    int h = 0;
    for (int k = 0; k < nodes[i].arity; ++k) {
      h = std::max(h, heights.back() + 1);
      heights.pop_back();
    }
    heights.push_back(h);
  }
  return heights.empty() ? 0 : heights.back();
}

std::vector<int> expr_node_depths(const ExprNode* nodes, std::size_t count) {
  std::vector<int> depth(count, 0);
  // Walk from the root (last) backwards: the children of i sit just before it.
  for (std::size_t i = count; i-- > 0;) {
    std::size_t child = i;  // one past the last child's root
    for (int k = 0; k < nodes[i].arity; ++k) {
      child -= 1;
      depth[child] = depth[i] + 1;
      child -= nodes[child].size - 1;
    }
  }
  return depth;
}

std::size_t expr_hash(const ExprNode* nodes, std::size_t count) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ count;
  auto mix = [&h](std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  };
  for (std::size_t i = 0; i < count; ++i) {
    const ExprNode& n = nodes[i];
    mix(static_cast<std::uint64_t>(n.op));
    if (n.op == ExprOp::Variable) mix(n.variable);
    if (n.op == ExprOp::Constant) {
      std::uint64_t bits;
      std::memcpy(&bits, &n.value, sizeof bits);
      mix(bits);
    }
  }
  return static_cast<std::size_t>(h);
}

// ------------------------------------------------------------------------- Expression

namespace {

std::shared_ptr<const std::vector<std::string>> no_variables() {
  static const auto empty = std::make_shared<const std::vector<std::string>>();
  return empty;
}

void validate(std::vector<ExprNode>& nodes, const std::vector<std::string>& variables) {
  expr_update_sizes(nodes);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    ExprNode& n = nodes[i];
    if (n.op == ExprOp::Variable && n.variable >= variables.size()) {
      throw Error("expression node " + std::to_string(i) + " reads variable " +
                  std::to_string(n.variable) + " but only " + std::to_string(variables.size()) +
                  " variables are named");
    }
    if (n.op == ExprOp::Constant) {
      if (!std::isfinite(n.value)) {
        throw Error("expression constant at node " + std::to_string(i) + " is not finite");
      }
      if (n.value == 0.0) n.value = 0.0;
    }
  }
}

}  // namespace

Expression::Expression() : nodes_{ExprNode::constant(0.0)}, variables_(no_variables()) {}

Expression::Expression(std::vector<ExprNode> postfix, std::vector<std::string> variables)
    : Expression(std::move(postfix),
                 std::make_shared<const std::vector<std::string>>(std::move(variables))) {}

Expression::Expression(std::vector<ExprNode> postfix,
                       std::shared_ptr<const std::vector<std::string>> variables)
    : nodes_(std::move(postfix)), variables_(variables ? std::move(variables) : no_variables()) {
  validate(nodes_, *variables_);
}

Expression Expression::constant(double value, std::vector<std::string> variables) {
  return Expression({ExprNode::constant(value)}, std::move(variables));
}

Expression Expression::variable(int index, std::vector<std::string> variables) {
  return Expression({ExprNode::var(index)}, std::move(variables));
}

int Expression::depth() const { return expr_depth(nodes_.data(), nodes_.size()); }

std::size_t Expression::subtree_begin(std::size_t index) const {
  if (index >= nodes_.size()) throw Error("expression node index out of range");
  return index + 1 - nodes_[index].size;
}

std::vector<std::size_t> Expression::children(std::size_t index) const {
  if (index >= nodes_.size()) throw Error("expression node index out of range");
  std::vector<std::size_t> kids(nodes_[index].arity);
  std::size_t child = index;
  for (std::size_t k = kids.size(); k-- > 0;) {
    child -= 1;
    kids[k] = child;
    child -= nodes_[child].size - 1;
  }
  return kids;
}

Expression Expression::subtree(std::size_t index) const {
  const std::size_t begin = subtree_begin(index);
  return Expression(std::vector<ExprNode>(nodes_.begin() + static_cast<std::ptrdiff_t>(begin),
                                          nodes_.begin() + static_cast<std::ptrdiff_t>(index) + 1),
                    variables_);
}

std::vector<double> Expression::constants() const {
  std::vector<double> values;
  for (const ExprNode& n : nodes_) {
    if (n.op == ExprOp::Constant) values.push_back(n.value);
  }
  return values;
}

std::size_t Expression::constant_count() const {
  return static_cast<std::size_t>(std::count_if(
      nodes_.begin(), nodes_.end(), [](const ExprNode& n) { return n.op == ExprOp::Constant; }));
}

Expression Expression::with_constants(const std::vector<double>& values) const {
  if (values.size() != constant_count()) {
    throw Error("expression has " + std::to_string(constant_count()) + " constants, got " +
                std::to_string(values.size()) + " values");
  }
  std::vector<ExprNode> nodes = nodes_;
  std::size_t k = 0;
  for (ExprNode& n : nodes) {
    if (n.op == ExprOp::Constant) n.value = values[k++];
  }
  return Expression(std::move(nodes), variables_);
}

Expression Expression::with_variables(std::vector<std::string> variables) const {
  return Expression(nodes_, std::move(variables));
}

std::string Expression::str() const { return to_infix(*this); }

bool Expression::operator==(const Expression& other) const {
  return nodes_ == other.nodes_ &&
         (variables_ == other.variables_ || *variables_ == *other.variables_);
}

std::size_t Expression::hash() const {
  std::size_t h = expr_hash(nodes_.data(), nodes_.size());
  for (const std::string& name : *variables_) {
    h ^= std::hash<std::string>()(name) + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  }
  return h;
}

}  // namespace ael

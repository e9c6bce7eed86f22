#include "model/trace.hpp"

#include "ael/diagnostic.hpp"
#include "train/schedule.hpp"

namespace ael::model {

std::string Trace::layer_name(const std::string& kind) {
  return kind + std::to_string(++counters_[kind]);
}

NodeId Trace::scalar_for(const Value& value) {
  for (const ScalarSource& s : scalars) {
    if (s.value.is_object() && value.is_object() && s.value.as_object() == value.as_object()) {
      return *builder.spec().find_scalar(s.name);
    }
  }
  std::string name = "schedule" + std::to_string(scalars.size() + 1);
  NodeId id = builder.scalar_input(name);
  scalars.push_back({name, value});
  return id;
}

NodeId Trace::constant(double value) {
  auto it = constants_.find(value);
  if (it != constants_.end()) return it->second;
  NodeId id = builder.constant(value);
  constants_.emplace(value, id);
  return id;
}

// ------------------------------------------------------------------------------- NodeValue

std::string NodeValue::repr() const {
  const graph::Node& n = trace_->builder.spec().nodes.at(static_cast<std::size_t>(id_));
  return "<node " + n.op + " " + shape().str() + ">";
}

namespace {

// The dense node a value comes from, looking through one-input ops (`sigmoid(dense(x))`).
std::optional<NodeId> dense_source(const graph::GraphSpec& spec, NodeId id) {
  for (NodeId at = id; at >= 0;) {
    const graph::Node& n = spec.nodes.at(static_cast<std::size_t>(at));
    if (n.op == "dense") return at;
    if (n.inputs.size() != 1) return std::nullopt;
    at = n.inputs[0];
  }
  return std::nullopt;
}

}  // namespace

std::optional<Value> NodeValue::field(std::string_view name) const {
  if (name == "width" || name == "rows") return Value(static_cast<std::int64_t>(shape().rows));
  if (name == "shape") return Value(shape().str());
  if (name == "W" || name == "b") {
    // The weights of the dense layer this node comes from (for the contractive penalty).
    const graph::GraphSpec& spec = trace_->builder.spec();
    const auto d = dense_source(spec, id_);
    if (!d)
      throw Error("this node does not come from a dense layer, so it has no ." + std::string(name));
    const graph::Node& n = spec.nodes.at(static_cast<std::size_t>(*d));
    const std::size_t slot = name == "W" ? 1 : 2;
    if (slot >= n.inputs.size()) throw Error("this dense layer has no bias");
    return make_node(trace_, n.inputs[slot]);
  }
  return std::nullopt;
}

std::vector<std::string> NodeValue::field_names() const {
  return {"width", "rows", "shape", "W", "b"};
}

namespace {

const char* op_name(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add:
      return "add";
    case BinaryOp::Sub:
      return "sub";
    case BinaryOp::Mul:
      return "mul";
    case BinaryOp::Div:
      return "div";
    case BinaryOp::MatMul:
      return "matmul";
    default:
      return nullptr;
  }
}

}  // namespace

std::optional<Value> NodeValue::binary(BinaryOp op, const Value& other, bool self_on_left) const {
  graph::GraphBuilder& b = trace_->builder;
  if (op == BinaryOp::Pow) {
    if (!self_on_left || !other.is_number()) {
      throw Error("a model node can only be raised to a constant number power");
    }
    const double p = other.as_number();
    if (p == 2) return make_node(trace_, b.add("square", {id_}));
    return make_node(trace_, b.add("pow", {id_}, Attrs{{"exponent", p}}));
  }
  const char* name = op_name(op);
  if (!name) return std::nullopt;
  // Numbers times or plus a node fold into one affine op (no constant node needed).
  if (other.is_number() && op != BinaryOp::MatMul) {
    const double c = other.as_number();
    if (op == BinaryOp::Add)
      return make_node(trace_, b.add("affine", {id_}, {{"scale", 1.0}, {"shift", c}}));
    if (op == BinaryOp::Mul)
      return make_node(trace_, b.add("affine", {id_}, {{"scale", c}, {"shift", 0.0}}));
    if (op == BinaryOp::Sub) {
      return make_node(trace_, self_on_left
                                   ? b.add("affine", {id_}, {{"scale", 1.0}, {"shift", -c}})
                                   : b.add("affine", {id_}, {{"scale", -1.0}, {"shift", c}}));
    }
    if (op == BinaryOp::Div && self_on_left) {
      if (c == 0) throw Error("division of a model node by zero");
      return make_node(trace_, b.add("affine", {id_}, {{"scale", 1.0 / c}, {"shift", 0.0}}));
    }
  }
  NodeId rhs;
  if (const NodeValue* n = as_node(other)) {
    if (n->trace_ != trace_) throw Error("nodes of two different models cannot be combined");
    rhs = n->id_;
  } else if (other.is_number()) {
    rhs = trace_->constant(other.as_number());
  } else if (other.object_as<train::Schedule>()) {
    rhs = trace_->scalar_for(other);
  } else {
    return std::nullopt;
  }
  const NodeId lhs = self_on_left ? id_ : rhs;
  const NodeId r = self_on_left ? rhs : id_;
  return make_node(trace_, b.add(name, {lhs, r}));
}

std::optional<Value> NodeValue::negate() const {
  return make_node(trace_, trace_->builder.add("neg", {id_}));
}

std::optional<Value> NodeValue::math(std::string_view function) const {
  const auto colon = function.find(':');
  if (colon != std::string_view::npos) {  // "sum:features", "mean:batch"
    const std::string op(function.substr(0, colon));
    if (op != "sum" && op != "mean") return std::nullopt;
    return make_node(trace_, trace_->builder.add(
                                 op, {id_}, {{"axis", std::string(function.substr(colon + 1))}}));
  }
  static const char* const unary[] = {
      "relu", "tanh",    "sigmoid",     "softplus", "exp",        "log",
      "sin",  "cos",     "sqrt",        "abs",      "square",     "sum",
      "mean", "softmax", "log_softmax", "identity", "leaky_relu", "stop_gradient"};
  for (const char* op : unary) {
    if (function == op) return make_node(trace_, trace_->builder.add(op, {id_}));
  }
  return std::nullopt;
}

Value NodeValue::index(eval::ExecContext&, const std::vector<eval::IndexArg>& args,
                       const Span&) const {
  if (args.size() != 1) throw Error("a model node takes one index (its features)");
  const eval::IndexArg& a = args[0];
  const Index rows = shape().rows;
  Index begin = 0, end = rows;
  if (a.is_slice) {
    auto [b, e] = eval::resolve_slice(a, static_cast<std::size_t>(rows));
    begin = static_cast<Index>(b);
    end = static_cast<Index>(e);
  } else {
    if (!a.value.is_int()) throw Error("a model node is indexed by an int or a slice");
    std::int64_t i = a.value.as_int();
    if (i < 0) i += rows;
    if (i < 0 || i >= rows) {
      throw Error("feature index " + std::to_string(a.value.as_int()) +
                  " out of range for a node of " + std::to_string(rows) + " features");
    }
    begin = i;
    end = i + 1;
  }
  if (end <= begin) throw Error("empty slice of a model node");
  return make_node(trace_, trace_->builder.add("slice", {id_},
                                               {{"begin", static_cast<std::int64_t>(begin)},
                                                {"end", static_cast<std::int64_t>(end)}}));
}

const NodeValue* as_node(const Value& v) {
  if (!v.is_object()) return nullptr;
  return dynamic_cast<const NodeValue*>(v.as_object().get());
}

Value make_node(const std::shared_ptr<Trace>& trace, NodeId id) {
  return Value(std::make_shared<NodeValue>(trace, id));
}

}  // namespace ael::model

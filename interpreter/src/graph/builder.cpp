// GraphBuilder and spec validation.
#include "graph/builder.hpp"

#include <cstdio>
#include <utility>

#include "graph/init.hpp"
#include "util/memory_budget.hpp"

namespace ael::graph {
namespace {

// Parameters, gradients and Adam's two moments, in double: what training a model holds
// per parameter before any activation. Refusing above the machine's memory is a floor,
// not a promise that a smaller model fits.
constexpr double kBytesPerParameter = 4 * sizeof(double);

std::string fmt_count(double n) {
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", n);
  return text;
}

std::string accepted_names(const OpDef& def) {
  std::string out;
  for (const auto& a : def.attrs) out += (out.empty() ? "" : ", ") + a.name;
  return out.empty() ? "none" : out;
}

// Integers are accepted where reals are expected; everything else must match.
bool compatible(const AttrValue& expected, const AttrValue& given) {
  if (expected.index() == given.index()) return true;
  return std::holds_alternative<double>(expected) && std::holds_alternative<std::int64_t>(given);
}

AttrValue normalised(const AttrValue& expected, const AttrValue& given) {
  if (std::holds_alternative<double>(expected)) {
    if (const auto* i = std::get_if<std::int64_t>(&given)) return static_cast<double>(*i);
  }
  return given;
}

void check_arity(const OpDef& def, std::size_t n) {
  const auto count = static_cast<int>(n);
  if (count >= def.min_arity && (def.max_arity < 0 || count <= def.max_arity)) return;
  std::string expected;
  if (def.max_arity < 0) {
    expected = "at least " + std::to_string(def.min_arity);
  } else if (def.min_arity == def.max_arity) {
    expected = std::to_string(def.min_arity);
  } else {
    expected = std::to_string(def.min_arity) + " to " + std::to_string(def.max_arity);
  }
  throw Error(def.name + ": takes " + expected + " input" + (expected == "1" ? "" : "s") +
              ", got " + std::to_string(count));
}

Node make_node(std::string_view op, std::vector<NodeId> inputs, Attrs attrs,
               std::string label = {}) {
  Node node;
  node.op = std::string(op);
  node.inputs = std::move(inputs);
  node.attrs = std::move(attrs);
  node.label = std::move(label);
  return node;
}

Shape infer(const OpDef& def, const GraphSpec& spec, const std::vector<NodeId>& inputs,
            const Attrs& attrs) {
  std::vector<Shape> shapes;
  shapes.reserve(inputs.size());
  for (NodeId id : inputs) shapes.push_back(spec.shape(id));
  return def.shape(shapes, attrs);
}

}  // namespace

Attrs complete_attrs(const OpDef& def, const Attrs& given) {
  for (const auto& [name, value] : given.items()) {
    const AttrSpec* spec = def.find_attr(name);
    if (!spec) {
      throw Error(def.name + ": unknown attribute '" + name +
                  "' (it accepts: " + accepted_names(def) + ")");
    }
    if (!compatible(spec->default_value, value)) {
      throw Error(def.name + ": attribute '" + name + "' must be " +
                  (std::holds_alternative<double>(spec->default_value)
                       ? "a number"
                       : std::string("a ") + attr_type_name(spec->default_value)) +
                  ", got " + attr_type_name(value) + " " + attr_repr(value));
    }
  }
  Attrs out;
  for (const auto& spec : def.attrs) {
    if (const AttrValue* v = given.find(spec.name)) {
      out.set(spec.name, normalised(spec.default_value, *v));
    } else if (spec.required) {
      throw Error(def.name + ": attribute '" + spec.name + "' is required");
    } else {
      out.set(spec.name, spec.default_value);
    }
  }
  return out;
}

GraphBuilder::GraphBuilder(const OpRegistry& registry) : registry_(registry) {}

void GraphBuilder::check_new_name(const std::string& name, const char* what) const {
  if (name.empty()) throw Error(std::string("a ") + what + " needs a name");
  if (spec_.find_input(name) || spec_.find_scalar(name))
    throw Error("the model already has an input named '" + name + "'");
}

NodeId GraphBuilder::input(const std::string& name, Shape shape) {
  check_new_name(name, "model input");
  if (shape.rows <= 0 || shape.cols <= 0)
    throw ShapeError("input '" + name + "': shape " + shape.str() + " has no elements");
  const NodeId id = append(make_node(kInputOp, {},
                                     Attrs{{"name", name},
                                           {"rows", std::int64_t{shape.rows}},
                                           {"cols", std::int64_t{shape.cols}},
                                           {"batched", std::int64_t{shape.batched}}},
                                     name));
  spec_.inputs.push_back({name, id});
  endpoint(name, id);
  return id;
}

NodeId GraphBuilder::scalar_input(const std::string& name) {
  check_new_name(name, "scalar input");
  const NodeId id = append(make_node(kScalarOp, {}, Attrs{{"name", name}}, name));
  spec_.scalars.push_back({name, id});
  return id;
}

NodeId GraphBuilder::param(const std::string& name, Index rows, Index cols, InitSpec init,
                           bool trainable) {
  if (name.empty()) throw Error("a parameter needs a name");
  if (param_names_.count(name)) throw Error("the model already has a parameter '" + name + "'");
  if (rows <= 0 || cols <= 0) {
    throw ShapeError("parameter '" + name + "': shape " + Shape::fixed(rows, cols).str() +
                     " has no elements");
  }
  check_init(init, name);
  // Products in double: a typed width of 1e10 must not overflow before it is refused.
  const double total = static_cast<double>(spec_.params.size) +
                       static_cast<double>(rows) * static_cast<double>(cols);
  require_memory(total * kBytesPerParameter,
                 "parameter '" + name + "' (" + std::to_string(rows) + " x " +
                     std::to_string(cols) + ") makes a model of " + fmt_count(total) +
                     " parameters, which with gradients and optimizer state");
  const std::size_t block = spec_.params.add(name, rows, cols, std::move(init), trainable);
  param_names_.insert(name);
  return append(make_node(kParamOp, {},
                          Attrs{{"block", static_cast<std::int64_t>(block)},
                                {"rows", std::int64_t{rows}},
                                {"cols", std::int64_t{cols}}},
                          name));
}

NodeId GraphBuilder::constant(const Eigen::MatrixXd& value) {
  if (value.size() == 0) throw ShapeError("constant: an empty matrix");
  std::vector<double> values(value.data(), value.data() + value.size());
  return append(make_node(kConstantOp, {},
                          Attrs{{"rows", std::int64_t{value.rows()}},
                                {"cols", std::int64_t{value.cols()}},
                                {"values", std::move(values)}}));
}

NodeId GraphBuilder::add(const std::string& op, const std::vector<NodeId>& inputs, Attrs attrs) {
  return append(make_node(op, inputs, std::move(attrs)));
}

NodeId GraphBuilder::append(Node node) {
  auto def = registry_.get(node.op);
  check_arity(*def, node.inputs.size());
  const auto count = static_cast<NodeId>(spec_.nodes.size());
  for (NodeId id : node.inputs) {
    if (id < 0 || id >= count)
      throw Error(node.op + ": input node " + std::to_string(id) + " does not exist");
  }
  node.attrs = complete_attrs(*def, node.attrs);
  node.shape = infer(*def, spec_, node.inputs, node.attrs);
  spec_.nodes.push_back(std::move(node));
  return count;
}

void GraphBuilder::endpoint(const std::string& name, NodeId node) {
  shape(node);  // checks the id
  const auto [at, added] = endpoint_at_.try_emplace(name, spec_.endpoints.size());
  if (!added) {
    spec_.endpoints[at->second].node = node;
    return;
  }
  spec_.endpoints.push_back({name, node});
}

void GraphBuilder::label(NodeId node, std::string label) {
  shape(node);
  spec_.nodes[static_cast<std::size_t>(node)].label = std::move(label);
}

const Shape& GraphBuilder::shape(NodeId node) const {
  if (node < 0 || static_cast<std::size_t>(node) >= spec_.nodes.size())
    throw Error("node " + std::to_string(node) + " does not exist");
  return spec_.nodes[static_cast<std::size_t>(node)].shape;
}

GraphSpec GraphBuilder::finish() {
  GraphSpec out = std::move(spec_);
  spec_ = GraphSpec{};
  param_names_.clear();
  endpoint_at_.clear();
  return out;
}

namespace {

void validate_named(const GraphSpec& spec, const std::vector<NamedNode>& list, std::string_view op,
                    const char* what) {
  for (const auto& n : list) {
    if (n.node < 0 || static_cast<std::size_t>(n.node) >= spec.nodes.size())
      throw Error(std::string(what) + " '" + n.name + "' refers to a missing node");
    const Node& node = spec.nodes[static_cast<std::size_t>(n.node)];
    if (!op.empty() && (node.op != op || node.attrs.string("name") != n.name))
      throw Error(std::string(what) + " '" + n.name + "' does not match its node");
  }
}

void validate_params(const GraphSpec& spec) {
  Index offset = 0;
  for (const auto& b : spec.params.blocks) {
    check_init(b.init, b.name);
    if (b.offset != offset || b.rows <= 0 || b.cols <= 0)
      throw Error("parameter block '" + b.name + "' does not continue the flat vector");
    offset += b.size();
  }
  if (offset != spec.params.size) throw Error("the parameter layout's size is inconsistent");
  for (const auto& node : spec.nodes) {
    if (node.op != kParamOp) continue;
    const auto block = node.attrs.integer("block");
    if (block < 0 || static_cast<std::size_t>(block) >= spec.params.blocks.size())
      throw Error("a parameter node refers to a missing block");
    const ParamBlock& b = spec.params.blocks[static_cast<std::size_t>(block)];
    if (node.shape != Shape::fixed(b.rows, b.cols))
      throw Error("parameter node for '" + b.name + "' disagrees with its block's shape");
  }
}

}  // namespace

void validate(const GraphSpec& spec, const OpRegistry& registry) {
  for (std::size_t i = 0; i < spec.nodes.size(); ++i) {
    const Node& node = spec.nodes[i];
    auto def = registry.find(node.op);
    if (!def) {
      throw Error("the model uses op '" + node.op +
                  "', which is not registered (is the plugin that provides it loaded?)");
    }
    check_arity(*def, node.inputs.size());
    for (NodeId id : node.inputs) {
      if (id < 0 || static_cast<std::size_t>(id) >= i)
        throw Error("node " + std::to_string(i) + " (" + node.op +
                    ") uses a node that does not come before it");
    }
    if (complete_attrs(*def, node.attrs) != node.attrs)
      throw Error("node " + std::to_string(i) + " (" + node.op + ") has incomplete attributes");
    const Shape inferred = infer(*def, spec, node.inputs, node.attrs);
    if (inferred != node.shape) {
      throw ShapeError("node " + std::to_string(i) + " (" + node.op + ") is recorded as " +
                       node.shape.str() + " but its inputs give " + inferred.str());
    }
  }
  validate_named(spec, spec.inputs, kInputOp, "input");
  validate_named(spec, spec.scalars, kScalarOp, "scalar input");
  validate_named(spec, spec.endpoints, "", "endpoint");
  validate_params(spec);
}

}  // namespace ael::graph

// GraphSpec and ParamLayout helpers.
#include "graph/spec.hpp"

#include <sstream>

namespace ael::graph {
namespace {

std::optional<NodeId> find_named(const std::vector<NamedNode>& list, std::string_view name) {
  for (const auto& n : list) {
    if (n.name == name) return n.node;
  }
  return std::nullopt;
}

}  // namespace

std::size_t ParamLayout::add(std::string name, Index rows, Index cols, InitSpec init,
                             bool trainable) {
  ParamBlock block;
  block.name = std::move(name);
  block.offset = size;
  block.rows = rows;
  block.cols = cols;
  block.init = std::move(init);
  block.trainable = trainable;
  size += block.size();
  blocks.push_back(std::move(block));
  return blocks.size() - 1;
}

const ParamBlock* ParamLayout::find(std::string_view name) const {
  for (const auto& b : blocks) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

Index ParamLayout::trainable_size() const {
  Index n = 0;
  for (const auto& b : blocks) n += b.trainable ? b.size() : 0;
  return n;
}

Eigen::VectorXd ParamLayout::trainable_mask() const {
  Eigen::VectorXd mask = Eigen::VectorXd::Zero(size);
  for (const auto& b : blocks) {
    if (b.trainable) mask.segment(b.offset, b.size()).setOnes();
  }
  return mask;
}

std::optional<NodeId> GraphSpec::find_input(std::string_view name) const {
  return find_named(inputs, name);
}
std::optional<NodeId> GraphSpec::find_scalar(std::string_view name) const {
  return find_named(scalars, name);
}
std::optional<NodeId> GraphSpec::find_endpoint(std::string_view name) const {
  return find_named(endpoints, name);
}

NodeId GraphSpec::endpoint(std::string_view name) const {
  if (auto id = find_endpoint(name)) return *id;
  std::string known;
  for (const auto& e : endpoints) known += (known.empty() ? "" : ", ") + e.name;
  throw Error("the model has no endpoint '" + std::string(name) + "'" +
              (known.empty() ? std::string() : " (it has: " + known + ")"));
}

const ParamBlock& GraphSpec::block_of(NodeId node) const {
  const Node& n = nodes.at(static_cast<std::size_t>(node));
  if (n.op != kParamOp) throw Error("node " + std::to_string(node) + " is not a parameter");
  return params.blocks.at(static_cast<std::size_t>(n.attrs.integer("block")));
}

std::string GraphSpec::describe() const {
  std::ostringstream out;
  out << nodes.size() << " nodes, " << params.size << " parameters (" << params.trainable_size()
      << " trainable)\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    out << "  %" << i << " = " << n.op << "(";
    const char* separator = "";
    for (NodeId in : n.inputs) {
      out << separator << "%" << in;
      separator = ", ";
    }
    for (const auto& [name, value] : n.attrs.items()) {
      out << separator << name << ": " << attr_repr(value);
      separator = ", ";
    }
    out << ") : " << n.shape.str();
    if (!n.label.empty()) out << "  # " << n.label;
    out << "\n";
  }
  for (const auto& e : endpoints) out << "  " << e.name << " = %" << e.node << "\n";
  return out.str();
}

namespace {

std::string dot_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '\\';  // names are identifiers: a quote is the only hazard
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string GraphSpec::dot() const {
  std::ostringstream out;
  out << "digraph model {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    std::string label = "%" + std::to_string(i) + " " + n.op;
    const std::string block = n.op == kParamOp ? block_of(static_cast<NodeId>(i)).name : "";
    if (!block.empty()) label += " " + block;
    if (!n.label.empty() && n.label != block) label += " (" + n.label + ")";
    label += "\\n" + n.shape.str();
    const bool source = n.op == kInputOp || n.op == kScalarOp;
    out << "  n" << i << " [label=" << dot_quoted(label)
        << (source ? ", style=filled, fillcolor=\"#dde8f5\"" : "")
        << (n.op == kParamOp ? ", style=dashed" : "") << "];\n";
    for (NodeId in : n.inputs) out << "  n" << in << " -> n" << i << ";\n";
  }
  for (const auto& e : endpoints) {
    out << "  " << dot_quoted("endpoint " + e.name) << " [label=" << dot_quoted(e.name)
        << ", shape=ellipse];\n  n" << e.node << " -> " << dot_quoted("endpoint " + e.name)
        << " [style=dotted];\n";
  }
  out << "}\n";
  return out.str();
}

bool operator==(const Node& x, const Node& y) {
  return x.op == y.op && x.inputs == y.inputs && x.attrs == y.attrs && x.shape == y.shape &&
         x.label == y.label;
}

bool operator==(const GraphSpec& x, const GraphSpec& y) {
  return x.nodes == y.nodes && x.inputs == y.inputs && x.scalars == y.scalars &&
         x.params == y.params && x.endpoints == y.endpoints;
}

}  // namespace ael::graph

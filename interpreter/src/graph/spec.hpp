// GraphSpec: the scalar-agnostic IR of a model.
//
// A GraphSpec is what tracing a model body produces and what a saved model stores as its
// architecture: nodes in topological order, the named inputs and scalar inputs the host
// feeds, the layout of all parameters in one flat vector, and named endpoints ("x",
// "code", "out", "loss"). It holds no numbers except constants and initialiser settings;
// Graph<S> compiles it for float or double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ael/op.hpp"
#include "ael/tensor.hpp"

namespace ael::graph {

/// How a parameter block is initialised (see init.hpp for the kinds and their meaning).
struct InitSpec {
  std::string kind = "zeros";
  double a = 0;  ///< mean / low bound / constant, depending on the kind
  double b = 0;  ///< std / high bound
  /// Fan-in / fan-out override; 0 means "from the block": fan_in = cols, fan_out = rows
  /// (a dense weight is out x in). Biases need it: torch's bias bound uses the weight's
  /// fan-in, which a rows x 1 block cannot know.
  Index fan_in = 0;
  Index fan_out = 0;

  static InitSpec zeros() { return {"zeros"}; }
  static InitSpec constant(double c) { return {"constant", c}; }
  static InitSpec normal(double mean, double std) { return {"normal", mean, std}; }
  static InitSpec uniform(double low, double high) { return {"uniform", low, high}; }
  static InitSpec glorot_uniform() { return {"glorot_uniform"}; }
  static InitSpec glorot_normal() { return {"glorot_normal"}; }
  static InitSpec he_uniform() { return {"he_uniform"}; }
  static InitSpec he_normal() { return {"he_normal"}; }
  /// PyTorch's nn.Linear / nn.LSTM default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  static InitSpec torch(Index fan_in = 0) { return {"torch", 0, 0, fan_in}; }

  friend bool operator==(const InitSpec& x, const InitSpec& y) {
    return x.kind == y.kind && x.a == y.a && x.b == y.b && x.fan_in == y.fan_in &&
           x.fan_out == y.fan_out;
  }
};

/// A named block of the flat parameter vector: a rows x cols column-major matrix.
struct ParamBlock {
  std::string name;
  Index offset = 0;
  Index rows = 0;
  Index cols = 0;
  InitSpec init;
  /// false: a fixed weight. Its gradient stays zero and optimizers (gradient or
  /// population) must leave it unchanged.
  bool trainable = true;

  Index size() const { return rows * cols; }
  friend bool operator==(const ParamBlock& x, const ParamBlock& y) {
    return x.name == y.name && x.offset == y.offset && x.rows == y.rows && x.cols == y.cols &&
           x.init == y.init && x.trainable == y.trainable;
  }
};

struct ParamLayout {
  std::vector<ParamBlock> blocks;
  Index size = 0;  ///< length of the flat vector

  /// Appends a block at the end of the vector and returns its index.
  std::size_t add(std::string name, Index rows, Index cols, InitSpec init, bool trainable);
  const ParamBlock* find(std::string_view name) const;
  Index trainable_size() const;
  /// 1 for trainable entries, 0 for fixed ones (length `size`).
  Eigen::VectorXd trainable_mask() const;

  friend bool operator==(const ParamLayout& x, const ParamLayout& y) {
    return x.blocks == y.blocks && x.size == y.size;
  }
};

struct Node {
  std::string op;
  std::vector<NodeId> inputs;
  Attrs attrs;
  Shape shape;
  std::string label;  ///< optional: a name for messages and `:explain`
};

struct NamedNode {
  std::string name;
  NodeId node = -1;
  friend bool operator==(const NamedNode& x, const NamedNode& y) {
    return x.name == y.name && x.node == y.node;
  }
};

struct GraphSpec {
  std::vector<Node> nodes;         ///< topological order: inputs before their users
  std::vector<NamedNode> inputs;   ///< batched or fixed tensors the host sets
  std::vector<NamedNode> scalars;  ///< 1x1 values the host sets each step
  ParamLayout params;
  std::vector<NamedNode> endpoints;  ///< named nodes ("code", "out", "loss", ...)

  std::optional<NodeId> find_input(std::string_view name) const;
  std::optional<NodeId> find_scalar(std::string_view name) const;
  std::optional<NodeId> find_endpoint(std::string_view name) const;
  /// Like find_endpoint, but throws ael::Error naming the known endpoints.
  NodeId endpoint(std::string_view name) const;
  const Shape& shape(NodeId node) const { return nodes.at(static_cast<std::size_t>(node)).shape; }
  /// The ParamBlock a "param" node reads.
  const ParamBlock& block_of(NodeId node) const;

  /// A readable listing of the nodes (the REPL's :explain).
  std::string describe() const;
  /// The graph in Graphviz's DOT language (the REPL's :graph): one box per node with its
  /// op and shape, inputs and endpoints named.
  std::string dot() const;
};

bool operator==(const Node& x, const Node& y);
bool operator==(const GraphSpec& x, const GraphSpec& y);

/// The ops the graph itself provides values for (no kernels).
inline constexpr std::string_view kInputOp = "input";
inline constexpr std::string_view kScalarOp = "scalar";
inline constexpr std::string_view kParamOp = "param";
inline constexpr std::string_view kConstantOp = "constant";

}  // namespace ael::graph

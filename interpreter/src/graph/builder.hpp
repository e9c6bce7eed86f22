// GraphBuilder: appends nodes to a GraphSpec, checking every op's arity, attributes and
// shapes as it goes. The evaluator drives it while tracing a model body; tests and
// layers.hpp use it directly.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graph/spec.hpp"

namespace ael::graph {

class GraphBuilder {
 public:
  explicit GraphBuilder(const OpRegistry& registry = op_registry());

  /// A tensor the host sets before each forward pass. Also becomes an endpoint of the
  /// same name (so a loss can say `mse(out, x)`).
  NodeId input(const std::string& name, Shape shape);
  /// A 1x1 value the host sets each step (annealed loss weights, learning-rate-like knobs).
  NodeId scalar_input(const std::string& name);
  /// A parameter block appended to the flat parameter vector; `trainable = false` makes a
  /// fixed weight (it keeps its initial value unless the host writes it).
  NodeId param(const std::string& name, Index rows, Index cols,
               InitSpec init = InitSpec::glorot_uniform(), bool trainable = true);
  /// A fixed matrix (non-batched).
  NodeId constant(const Eigen::MatrixXd& value);
  NodeId constant(double value) { return constant(Eigen::MatrixXd::Constant(1, 1, value)); }
  /// Appends `op(inputs...)`; missing attributes get their defaults, the output shape
  /// comes from the op's shape function. Throws ShapeError on a shape mismatch and
  /// ael::Error on an unknown op, a wrong arity or a bad attribute.
  NodeId add(const std::string& op, const std::vector<NodeId>& inputs, Attrs attrs = {});

  /// Names a node (replaces an earlier endpoint of the same name).
  void endpoint(const std::string& name, NodeId node);
  void label(NodeId node, std::string label);

  const Shape& shape(NodeId node) const;
  const GraphSpec& spec() const { return spec_; }
  std::size_t size() const { return spec_.nodes.size(); }
  const OpRegistry& registry() const { return registry_; }

  /// Hands over the spec and leaves the builder empty.
  GraphSpec finish();

 private:
  NodeId append(Node node);
  void check_new_name(const std::string& name, const char* what) const;

  const OpRegistry& registry_;
  GraphSpec spec_;
  // Name lookups while building: a 200,000-layer model must not search the lists linearly.
  std::unordered_set<std::string> param_names_;
  std::unordered_map<std::string, std::size_t> endpoint_at_;
};

/// Checks a spec that did not come from a builder (a loaded file): every op exists, inputs
/// refer to earlier nodes, attributes are valid, shapes agree with the ops' shape
/// functions, parameter blocks tile the flat vector. Throws ael::Error or ShapeError.
void validate(const GraphSpec& spec, const OpRegistry& registry = op_registry());

/// The attrs of a node of `def` with defaults filled in; throws on unknown, mistyped or
/// missing attributes.
Attrs complete_attrs(const OpDef& def, const Attrs& given);

}  // namespace ael::graph

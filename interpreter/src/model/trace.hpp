// Tracing a model body: script values that stand for graph nodes.
//
// While a `model` body (and later the `loss = ...` of a train block) is evaluated, the
// model's inputs are NodeValues. Layer builtins (dense, lstm, noise, ...), arithmetic,
// math functions (relu, sin, sum, ...) and indexing on NodeValues append nodes to the
// Trace's GraphBuilder instead of computing numbers, so the ordinary evaluator compiles
// the model: shapes are checked as each line is traced and a mismatch is reported at that
// line, before any training starts.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ael/value.hpp"
#include "eval/sequence.hpp"
#include "graph/builder.hpp"

namespace ael::model {

/// A 1x1 graph input fed from a script value each step (a schedule used as a loss weight).
struct ScalarSource {
  std::string name;
  Value value;  ///< a number or a train::Schedule
};

/// While a model is executed with per-sample parameters (`execute(M, x, params: P)`):
/// the node whose column b holds sample b's whole parameter vector, and the next offset
/// into it (layers take their blocks in the order an ordinary compile lays them out).
struct PerSampleParams {
  NodeId params = -1;
  Index rows = 0;
  Index offset = 0;
};

class Trace {
 public:
  graph::GraphBuilder builder;
  std::vector<ScalarSource> scalars;
  std::optional<PerSampleParams> per_sample;

  /// A fresh layer name: "dense1", "dense2", ... (parameter blocks are "<name>.W" etc.).
  std::string layer_name(const std::string& kind);
  /// The scalar input that carries `value` (a schedule), created on first use.
  NodeId scalar_for(const Value& value);
  /// A constant node, shared between uses of the same number.
  NodeId constant(double value);

 private:
  std::map<std::string, int> counters_;
  std::map<double, NodeId> constants_;
};

class NodeValue : public Object, public eval::Indexable {
 public:
  NodeValue(std::shared_ptr<Trace> trace, NodeId id) : trace_(std::move(trace)), id_(id) {}

  std::string type_name() const override { return "node"; }
  std::string repr() const override;
  std::optional<Value> field(std::string_view name) const override;
  std::vector<std::string> field_names() const override;
  std::optional<Value> binary(BinaryOp op, const Value& other, bool self_on_left) const override;
  std::optional<Value> negate() const override;
  std::optional<Value> math(std::string_view function) const override;
  /// `h[0:3]`: rows of a node (features), a slice op.
  Value index(eval::ExecContext& ctx, const std::vector<eval::IndexArg>& args,
              const Span& span) const override;

  Trace& trace() const { return *trace_; }
  const std::shared_ptr<Trace>& trace_ptr() const { return trace_; }
  NodeId id() const { return id_; }
  const Shape& shape() const { return trace_->builder.shape(id_); }

 private:
  std::shared_ptr<Trace> trace_;
  NodeId id_;
};

/// The NodeValue in `v`, or nullptr.
const NodeValue* as_node(const Value& v);
/// Wraps a node of `trace`.
Value make_node(const std::shared_ptr<Trace>& trace, NodeId id);

}  // namespace ael::model

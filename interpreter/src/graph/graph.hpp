// Graph<S>: a GraphSpec compiled for one scalar type, ready to run.
//
// Memory: every node's value (and gradient, when one flows into it) lives in one arena
// planned by set_batch(B). Parameters live in one flat vector and their gradients in
// another, aligned with the spec's ParamLayout; parameter nodes are views into them.
// After planning, forward, backward and parameter updates allocate nothing: schedules
// (which nodes to run for a set of targets) are computed once and cached.
//
// Typical step:
//   g.set_batch(100);
//   g.set_input(x_id, batch);                 // or bind_input(x_id, pointer) for no copy
//   g.forward(loss_id, {/*training=*/true, seed, step});
//   g.backward(loss_id);
//   g.params() -= lr * g.grads();
//
// A Graph is not thread-safe; clone() gives an independent copy for another thread.
#pragma once

#include <memory>
#include <vector>

#include "ael/op.hpp"
#include "graph/spec.hpp"

namespace ael::graph {

template <class S = float>
class Graph {
 public:
  using Scalar = S;
  using VectorMap = Eigen::Map<Vector<S>>;
  using ConstVectorMap = Eigen::Map<const Vector<S>>;

  /// Compiles `spec` (validating nothing the builder already checked); parameters start
  /// as initialise(spec.params, init_seed). The graph is planned for batch size 1.
  explicit Graph(const GraphSpec& spec, std::uint64_t init_seed = 0,
                 const OpRegistry& registry = op_registry());
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  /// An independent copy (same parameters, batch size, scalars; inputs not copied).
  std::unique_ptr<Graph> clone() const;

  const GraphSpec& spec() const { return spec_; }

  // --- planning ---------------------------------------------------------------------
  /// Plans buffers for batch size B. Allocates only when the plan needs more memory than
  /// any plan before. A new B forgets the inputs that were set or bound (they were laid
  /// out for the old B); scalar inputs and parameters are kept.
  void set_batch(Index batch);
  Index batch() const { return batch_; }
  /// Whether backward also computes gradients with respect to the model inputs
  /// (gradient checks, saliency). Off by default: it costs work.
  void set_input_grads(bool enabled);

  // --- feeding ----------------------------------------------------------------------
  NodeId input_id(std::string_view name) const;
  NodeId scalar_id(std::string_view name) const;
  NodeId endpoint(std::string_view name) const { return spec_.endpoint(name); }
  /// Copies `value` (rows x runtime cols of the input's shape) into the input's buffer.
  void set_input(NodeId input, const Eigen::Ref<const Matrix<S>>& value);
  void set_input(std::string_view name, const Eigen::Ref<const Matrix<S>>& value) {
    set_input(input_id(name), value);
  }
  /// The input's own buffer, to fill in place; marks the input as set.
  MatrixMap<S> input_buffer(NodeId input);
  /// Reads the input from `data` (rows x runtime cols, column-major) without copying. The
  /// memory must stay valid and unchanged until backward is done. nullptr unbinds.
  void bind_input(NodeId input, const S* data);
  void set_scalar(NodeId scalar, S value);
  void set_scalar(std::string_view name, S value) { set_scalar(scalar_id(name), value); }

  // --- running ----------------------------------------------------------------------
  /// Computes the targets and only their ancestors.
  void forward(const std::vector<NodeId>& targets, const RunContext& run = {});
  void forward(NodeId target, const RunContext& run = {});
  /// Backpropagates from `loss` (a 1x1 node computed by the last forward): dloss = 1.
  /// Zeroes grads() first, then fills the gradients of trainable parameters (fixed ones
  /// stay zero) and, when enabled, of the inputs.
  void backward(NodeId loss);

  /// A node's value from the last forward that computed it.
  ConstMatrixMap<S> value(NodeId node) const;
  /// A node's gradient from the last backward (inputs need set_input_grads(true)).
  ConstMatrixMap<S> grad(NodeId node) const;
  Index runtime_cols(NodeId node) const { return slots_[index(node)].cols; }

  // --- parameters -------------------------------------------------------------------
  VectorMap params() { return VectorMap(params_.data(), params_.size()); }
  ConstVectorMap params() const { return ConstVectorMap(params_.data(), params_.size()); }
  VectorMap grads() { return VectorMap(grads_.data(), grads_.size()); }
  ConstVectorMap grads() const { return ConstVectorMap(grads_.data(), grads_.size()); }
  /// Copies a parameter vector (any scalar type; a genome, a checkpoint).
  template <class Derived>
  void set_params(const Eigen::MatrixBase<Derived>& p) {
    check_param_size(p.size());
    params_ = p.template cast<S>();
  }

 private:
  enum class Kind : unsigned char { Input, Scalar, Param, Constant, Op };
  struct Schedule;
  struct BackwardPlan;

  Graph(const GraphSpec& spec, std::vector<std::shared_ptr<const OpDef>> ops);
  void compile();
  void plan(Index batch);
  void compute_needs_grad();
  const Schedule& schedule_for(const NodeId* targets, std::size_t count);
  const BackwardPlan& backward_plan(NodeId loss);
  void run_forward(const Schedule& s, const RunContext& run);
  void check_param_size(Index size) const;
  std::size_t index(NodeId node) const;
  NodeId checked_input(NodeId input) const;

  GraphSpec spec_;
  std::vector<std::shared_ptr<const OpDef>> ops_;  // per node; keeps plugin code alive
  std::vector<Kind> kinds_;
  std::vector<std::unique_ptr<Kernel<S>>> kernels_;
  std::vector<NodeId> input_lists_;  // all nodes' inputs, concatenated
  std::vector<Slot<S>> slots_;
  std::vector<KernelContext<S>> contexts_;
  std::vector<char> needs_grad_;
  std::vector<char> input_set_;
  std::vector<const S*> bound_;  // external input data (bind_input)
  // Arena offsets of each node's value, gradient and workspace (-1: none).
  std::vector<Index> value_at_, grad_at_, work_at_;
  std::vector<std::uint64_t> stamp_;
  std::uint64_t forward_count_ = 0;
  bool input_grads_ = false;

  Vector<S> params_;
  Vector<S> grads_;
  Vector<S> fixed_store_;  // constants and scalar inputs
  Vector<S> arena_;
  Index batch_ = 0;
  RunContext run_;

  std::vector<std::unique_ptr<Schedule>> schedules_;
  std::vector<std::unique_ptr<BackwardPlan>> backward_plans_;
};

extern template class Graph<float>;
extern template class Graph<double>;

}  // namespace ael::graph

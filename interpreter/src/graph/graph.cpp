// Graph<S>: compilation, buffer planning, scheduling, forward and backward.
#include "graph/graph.hpp"

#include <algorithm>
#include <limits>

#include "graph/init.hpp"

namespace ael::graph {

// Which op nodes to run for a set of targets, and which host-set leaves they read.
template <class S>
struct Graph<S>::Schedule {
  std::vector<NodeId> targets;
  std::vector<NodeId> ops;     // ascending (topological) order
  std::vector<NodeId> leaves;  // inputs and scalars that must have been set
};

// The reverse pass from one loss: op nodes to run (descending) and gradient buffers to
// clear before it starts.
template <class S>
struct Graph<S>::BackwardPlan {
  NodeId loss;
  std::vector<NodeId> ops;
  std::vector<NodeId> clear;
};

namespace {

// Buffers start on 64-byte boundaries, so whole-buffer loops vectorise from the start.
template <class S>
Index aligned(Index n) {
  constexpr Index step = 64 / static_cast<Index>(sizeof(S));
  return (n + step - 1) / step * step;
}

std::vector<std::shared_ptr<const OpDef>> resolve(const GraphSpec& spec,
                                                  const OpRegistry& registry) {
  std::vector<std::shared_ptr<const OpDef>> ops;
  ops.reserve(spec.nodes.size());
  for (const Node& n : spec.nodes) ops.push_back(registry.get(n.op));
  return ops;
}

}  // namespace

template <class S>
Graph<S>::Graph(const GraphSpec& spec, std::uint64_t init_seed, const OpRegistry& registry)
    : Graph(spec, resolve(spec, registry)) {
  set_params(initialise(spec_.params, init_seed));
}

template <class S>
Graph<S>::Graph(const GraphSpec& spec, std::vector<std::shared_ptr<const OpDef>> ops)
    : spec_(spec), ops_(std::move(ops)) {
  compile();
}

template <class S>
Graph<S>::~Graph() = default;

template <class S>
std::unique_ptr<Graph<S>> Graph<S>::clone() const {
  std::unique_ptr<Graph> copy(new Graph(spec_, ops_));
  copy->params_ = params_;
  copy->fixed_store_ = fixed_store_;
  for (std::size_t n = 0; n < kinds_.size(); ++n) {
    if (kinds_[n] == Kind::Scalar) copy->input_set_[n] = input_set_[n];
  }
  copy->set_input_grads(input_grads_);
  copy->set_batch(batch_);
  return copy;
}

template <class S>
std::size_t Graph<S>::index(NodeId node) const {
  if (node < 0 || static_cast<std::size_t>(node) >= slots_.size())
    throw Error("node " + std::to_string(node) + " does not exist in this graph");
  return static_cast<std::size_t>(node);
}

template <class S>
void Graph<S>::compile() {
  const std::size_t n = spec_.nodes.size();
  kinds_.resize(n);
  kernels_.resize(n);
  slots_.resize(n);
  contexts_.resize(n);
  input_set_.assign(n, 0);
  bound_.assign(n, nullptr);
  stamp_.assign(n, 0);
  params_ = Vector<S>::Zero(spec_.params.size);
  grads_ = Vector<S>::Zero(spec_.params.size);

  std::vector<Index> input_offsets(n);
  Index fixed_size = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Node& node = spec_.nodes[i];
    input_offsets[i] = static_cast<Index>(input_lists_.size());
    input_lists_.insert(input_lists_.end(), node.inputs.begin(), node.inputs.end());
    if (node.op == kInputOp) {
      kinds_[i] = Kind::Input;
    } else if (node.op == kScalarOp) {
      kinds_[i] = Kind::Scalar;
      fixed_size += 1;
    } else if (node.op == kParamOp) {
      kinds_[i] = Kind::Param;
    } else if (node.op == kConstantOp) {
      kinds_[i] = Kind::Constant;
      fixed_size += node.shape.size();
    } else {
      kinds_[i] = Kind::Op;
      const KernelFactory<S>& factory = ops_[i]->template factory<S>();
      if (!factory) throw Error("op '" + node.op + "' has no kernels to run");
      std::vector<Shape> shapes;
      for (NodeId in : node.inputs) shapes.push_back(spec_.shape(in));
      kernels_[i] = factory(NodeInfo{node.op, node.attrs, shapes, node.shape});
    }
  }

  fixed_store_ = Vector<S>::Zero(fixed_size);
  Index fixed_at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Node& node = spec_.nodes[i];
    Slot<S>& slot = slots_[i];
    slot.rows = node.shape.rows;
    slot.cols = node.shape.cols;
    if (kinds_[i] == Kind::Param) {
      const ParamBlock& b = spec_.block_of(static_cast<NodeId>(i));
      slot.value = params_.data() + b.offset;
    } else if (kinds_[i] == Kind::Constant) {
      const auto& values = node.attrs.numbers("values");
      for (std::size_t k = 0; k < values.size(); ++k)
        fixed_store_[fixed_at + static_cast<Index>(k)] = static_cast<S>(values[k]);
      slot.value = fixed_store_.data() + fixed_at;
      fixed_at += node.shape.size();
    } else if (kinds_[i] == Kind::Scalar) {
      slot.value = fixed_store_.data() + fixed_at;
      fixed_at += 1;
    }
    KernelContext<S>& ctx = contexts_[i];
    ctx.slots_ = slots_.data();
    ctx.inputs_ = input_lists_.data() + input_offsets[i];
    ctx.arity_ = static_cast<int>(node.inputs.size());
    ctx.self_ = static_cast<NodeId>(i);
    ctx.run_ = &run_;
  }
  compute_needs_grad();
  plan(1);
}

template <class S>
void Graph<S>::compute_needs_grad() {
  needs_grad_.assign(spec_.nodes.size(), 0);
  for (std::size_t i = 0; i < spec_.nodes.size(); ++i) {
    switch (kinds_[i]) {
      case Kind::Param:
        needs_grad_[i] = spec_.block_of(static_cast<NodeId>(i)).trainable;
        break;
      case Kind::Input:
        needs_grad_[i] = input_grads_;
        break;
      case Kind::Op:
        if (ops_[i]->differentiable) {
          for (NodeId in : spec_.nodes[i].inputs) needs_grad_[i] |= needs_grad_[in];
        }
        break;
      default:
        break;
    }
  }
}

template <class S>
void Graph<S>::set_input_grads(bool enabled) {
  if (enabled == input_grads_) return;
  input_grads_ = enabled;
  compute_needs_grad();
  backward_plans_.clear();
  plan(batch_);  // gradient buffers appear or disappear; values (and inputs) stay
}

template <class S>
void Graph<S>::set_batch(Index batch) {
  if (batch <= 0) throw Error("batch size must be positive, got " + std::to_string(batch));
  if (batch != batch_) plan(batch);
}

template <class S>
void Graph<S>::plan(Index batch) {
  const std::size_t n = spec_.nodes.size();
  // Values first, then gradients, then kernel workspaces: the values' offsets depend on
  // B alone, so switching input gradients on or off keeps the inputs that were set.
  Index total = 0;
  // Offsets live in members sized once, so re-planning for a batch size the arena already
  // fits (the last, smaller batch of an epoch) allocates nothing.
  std::vector<Index>& value_at = value_at_;
  std::vector<Index>& grad_at = grad_at_;
  std::vector<Index>& work_at = work_at_;
  value_at.assign(n, -1);
  grad_at.assign(n, -1);
  work_at.assign(n, -1);
  auto node_size = [&](std::size_t i) {
    return spec_.nodes[i].shape.rows * spec_.nodes[i].shape.runtime_cols(batch);
  };
  auto in_arena = [&](std::size_t i) { return kinds_[i] == Kind::Input || kinds_[i] == Kind::Op; };
  for (std::size_t i = 0; i < n; ++i) {
    if (!in_arena(i)) continue;
    value_at[i] = total;
    total += aligned<S>(node_size(i));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!in_arena(i) || !needs_grad_[i]) continue;
    grad_at[i] = total;
    total += aligned<S>(node_size(i));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (kinds_[i] != Kind::Op) continue;
    const Index ws = kernels_[i]->workspace_size(batch);
    if (ws <= 0) continue;
    work_at[i] = total;
    total += aligned<S>(ws);
  }
  const bool same_batch = batch == batch_;
  if (total > arena_.size()) {
    Vector<S> bigger(total);
    if (same_batch) bigger.head(arena_.size()) = arena_;  // keep the inputs
    arena_.swap(bigger);
  }

  // Point the slots into the arena.
  S* base = arena_.data();
  for (std::size_t i = 0; i < n; ++i) {
    Slot<S>& slot = slots_[i];
    slot.cols = spec_.nodes[i].shape.runtime_cols(batch);
    if (value_at[i] >= 0) slot.value = base + value_at[i];
    slot.grad = grad_at[i] >= 0 ? base + grad_at[i] : nullptr;
    if (kinds_[i] == Kind::Param && needs_grad_[i]) {
      slot.grad = grads_.data() + spec_.block_of(static_cast<NodeId>(i)).offset;
    }
    if (kinds_[i] == Kind::Input) {
      if (!same_batch) {
        input_set_[i] = 0;  // laid out for another B
        bound_[i] = nullptr;
      } else if (bound_[i]) {
        slot.value = const_cast<S*>(bound_[i]);
      }
    }
    contexts_[i].workspace_ = work_at[i] >= 0 ? base + work_at[i] : nullptr;
    contexts_[i].batch_ = batch;
  }
  batch_ = batch;
}

template <class S>
NodeId Graph<S>::input_id(std::string_view name) const {
  if (auto id = spec_.find_input(name)) return *id;
  throw Error("the model has no input '" + std::string(name) + "'");
}

template <class S>
NodeId Graph<S>::scalar_id(std::string_view name) const {
  if (auto id = spec_.find_scalar(name)) return *id;
  throw Error("the model has no scalar input '" + std::string(name) + "'");
}

template <class S>
NodeId Graph<S>::checked_input(NodeId input) const {
  if (kinds_[index(input)] != Kind::Input)
    throw Error("node " + std::to_string(input) + " is not a model input");
  return input;
}

template <class S>
void Graph<S>::set_input(NodeId input, const Eigen::Ref<const Matrix<S>>& value) {
  const auto i = index(checked_input(input));
  Slot<S>& slot = slots_[i];
  if (value.rows() != slot.rows || value.cols() != slot.cols) {
    const Node& node = spec_.nodes[i];
    throw Error("input '" + node.attrs.string("name") + "' is " + node.shape.str() +
                (node.shape.batched ? " (B = " + std::to_string(batch_) + ")" : std::string()) +
                ", so it needs a " + std::to_string(slot.rows) + "x" + std::to_string(slot.cols) +
                " matrix; got " + std::to_string(value.rows()) + "x" +
                std::to_string(value.cols()));
  }
  MatrixMap<S> buffer = input_buffer(input);
  buffer = value;
}

template <class S>
MatrixMap<S> Graph<S>::input_buffer(NodeId input) {
  const auto i = index(checked_input(input));
  Slot<S>& slot = slots_[i];
  if (bound_[i]) {
    bound_[i] = nullptr;  // the buffer is the input's own again
    slot.value = arena_.data() + value_at_[i];
  }
  input_set_[i] = 1;
  return MatrixMap<S>(slot.value, slot.rows, slot.cols);
}

template <class S>
void Graph<S>::bind_input(NodeId input, const S* data) {
  const auto i = index(checked_input(input));
  if (!data) {
    input_buffer(input);
    input_set_[i] = 0;
    return;
  }
  bound_[i] = data;
  // Kernels only read inputs; the const is restored by ConstMatrixMap on every read.
  slots_[i].value = const_cast<S*>(data);
  input_set_[i] = 1;
}

template <class S>
void Graph<S>::set_scalar(NodeId scalar, S value) {
  const auto i = index(scalar);
  if (kinds_[i] != Kind::Scalar)
    throw Error("node " + std::to_string(scalar) + " is not a scalar input");
  slots_[i].value[0] = value;
  input_set_[i] = 1;
}

template <class S>
const typename Graph<S>::Schedule& Graph<S>::schedule_for(const NodeId* targets,
                                                          std::size_t count) {
  for (const auto& s : schedules_) {
    if (s->targets.size() == count && std::equal(targets, targets + count, s->targets.begin()))
      return *s;
  }
  auto s = std::make_unique<Schedule>();
  s->targets.assign(targets, targets + count);
  std::vector<char> wanted(spec_.nodes.size(), 0);
  for (std::size_t k = 0; k < count; ++k) wanted[index(targets[k])] = 1;
  for (std::size_t i = spec_.nodes.size(); i-- > 0;) {
    if (!wanted[i]) continue;
    for (NodeId in : spec_.nodes[i].inputs) wanted[static_cast<std::size_t>(in)] = 1;
  }
  for (std::size_t i = 0; i < spec_.nodes.size(); ++i) {
    if (!wanted[i]) continue;
    const auto id = static_cast<NodeId>(i);
    if (kinds_[i] == Kind::Op) s->ops.push_back(id);
    if (kinds_[i] == Kind::Input || kinds_[i] == Kind::Scalar) s->leaves.push_back(id);
  }
  schedules_.push_back(std::move(s));
  return *schedules_.back();
}

template <class S>
void Graph<S>::forward(const std::vector<NodeId>& targets, const RunContext& run) {
  run_forward(schedule_for(targets.data(), targets.size()), run);
}

template <class S>
void Graph<S>::forward(NodeId target, const RunContext& run) {
  run_forward(schedule_for(&target, 1), run);
}

template <class S>
void Graph<S>::run_forward(const Schedule& s, const RunContext& run) {
  for (NodeId leaf : s.leaves) {
    if (!input_set_[static_cast<std::size_t>(leaf)]) {
      const Node& node = spec_.nodes[static_cast<std::size_t>(leaf)];
      throw Error(std::string(node.op == kScalarOp ? "scalar input '" : "input '") +
                  node.attrs.string("name") + "' was not set (the requested values need it)");
    }
  }
  run_ = run;
  ++forward_count_;
  for (NodeId id : s.ops) {
    const auto i = static_cast<std::size_t>(id);
    KernelContext<S>& ctx = contexts_[i];
    if (ops_[i]->stochastic) {
      ctx.rng_ = Rng::stream(run.seed, {static_cast<std::uint64_t>(id), run.step});
    }
    kernels_[i]->forward(ctx);
    stamp_[i] = forward_count_;
  }
  for (NodeId id : s.targets) stamp_[static_cast<std::size_t>(id)] = forward_count_;
}

template <class S>
const typename Graph<S>::BackwardPlan& Graph<S>::backward_plan(NodeId loss) {
  for (const auto& p : backward_plans_) {
    if (p->loss == loss) return *p;
  }
  auto p = std::make_unique<BackwardPlan>();
  p->loss = loss;
  std::vector<char> wanted(spec_.nodes.size(), 0);
  wanted[index(loss)] = 1;
  for (std::size_t i = spec_.nodes.size(); i-- > 0;) {
    if (!wanted[i]) continue;
    for (NodeId in : spec_.nodes[i].inputs) wanted[static_cast<std::size_t>(in)] = 1;
  }
  for (std::size_t i = spec_.nodes.size(); i-- > 0;) {
    if (!wanted[i] || !needs_grad_[i]) continue;
    const auto id = static_cast<NodeId>(i);
    if (kinds_[i] == Kind::Op) p->ops.push_back(id);
    if (kinds_[i] == Kind::Op || kinds_[i] == Kind::Input) p->clear.push_back(id);
  }
  backward_plans_.push_back(std::move(p));
  return *backward_plans_.back();
}

template <class S>
void Graph<S>::backward(NodeId loss) {
  const auto l = index(loss);
  if (slots_[l].rows != 1 || slots_[l].cols != 1) {
    throw Error("backward: the loss must be a 1x1 value, but node " + std::to_string(loss) +
                " is " + spec_.nodes[l].shape.str());
  }
  if (stamp_[l] != forward_count_ || forward_count_ == 0)
    throw Error("backward: the last forward pass did not compute the loss");
  const BackwardPlan& p = backward_plan(loss);
  grads_.setZero();
  for (NodeId id : p.clear) {
    Slot<S>& s = slots_[static_cast<std::size_t>(id)];
    std::fill_n(s.grad, s.rows * s.cols, S(0));
  }
  if (!needs_grad_[l]) return;  // nothing trainable upstream
  slots_[l].grad[0] = S(1);
  for (NodeId id : p.ops) {
    const auto i = static_cast<std::size_t>(id);
    kernels_[i]->backward(contexts_[i]);
  }
}

template <class S>
ConstMatrixMap<S> Graph<S>::value(NodeId node) const {
  const Slot<S>& s = slots_[index(node)];
  return ConstMatrixMap<S>(s.value, s.rows, s.cols);
}

template <class S>
ConstMatrixMap<S> Graph<S>::grad(NodeId node) const {
  const Slot<S>& s = slots_[index(node)];
  if (!s.grad) {
    throw Error("node " + std::to_string(node) +
                " has no gradient (for model inputs, call set_input_grads(true))");
  }
  return ConstMatrixMap<S>(s.grad, s.rows, s.cols);
}

template <class S>
void Graph<S>::check_param_size(Index size) const {
  if (size != params_.size()) {
    throw Error("the model has " + std::to_string(params_.size()) +
                " parameters, got a vector of " + std::to_string(size));
  }
}

template class Graph<float>;
template class Graph<double>;

}  // namespace ael::graph
